"""Reading corpus files (the schema of docs/LEGAL_CORPUS.md): JSON and CSV, and clear errors for bad files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eoffice.legal import InvalidCorpusFile, LegalStatus, read_corpus_file

RECORDS = [
    {
        "number": "30/2020/NĐ-CP",
        "type": "Nghị định",
        "issuer": "Chính phủ",
        "issue_date": "2020-03-05",
        "title": "Về công tác văn thư",
        "effective_date": "2020-03-05",
        "status": "Còn hiệu lực",
        "source": "Công báo",
    },
    {
        "number": "110/2004/NĐ-CP",
        "type": "Nghị định",
        "issuer": "Chính phủ",
        "issue_date": "08/04/2004",
        "title": "Về công tác văn thư",
        "status": "replaced",
        "replaced_by": ["30/2020/NĐ-CP"],
        "source": "Công báo",
    },
]

CSV = (
    "number,type,issuer,issue_date,title,effective_date,expiry_date,status,replaced_by,amended_by,source\n"
    "108/2014/NĐ-CP,Nghị định,Chính phủ,20/11/2014,Về chính sách tinh giản biên chế,06/01/2015,,"
    "Bị thay thế,29/2023/NĐ-CP,113/2018/NĐ-CP;143/2020/NĐ-CP,Công báo\n"
    "29/2023/NĐ-CP,Nghị định,Chính phủ,2023-06-03,Quy định về tinh giản biên chế,2023-07-20,,,,,Công báo\n"
)


def test_json_file_with_labels_and_dates_in_both_forms(tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps({"records": RECORDS}, ensure_ascii=False), encoding="utf-8")
    first, second = read_corpus_file(path)
    assert first.status == LegalStatus.IN_FORCE
    assert second.issue_date == dt.date(2004, 4, 8)
    assert second.status == LegalStatus.REPLACED and second.replaced_by == ("30/2020/NĐ-CP",)


def test_csv_file_with_bom_and_semicolon_lists(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV.encode("utf-8"))
    old, new = read_corpus_file(path)
    assert old.amended_by == ("113/2018/NĐ-CP", "143/2020/NĐ-CP")
    assert old.status == LegalStatus.REPLACED
    assert new.status is None and new.replaced_by == ()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("bad.json", '{"records": [', "không phải JSON hợp lệ"),
        ("bad.json", '{"documents": []}', "danh sách bản ghi"),
        ("bad.csv", "so,ten\n1,2\n", "thiếu cột bắt buộc"),
        ("bad.txt", "x", ".json hoặc .csv"),
        ("empty.json", "[]", "không có bản ghi"),
    ],
)
def test_unreadable_files_get_a_vietnamese_error(tmp_path: Path, name: str, content: str, says: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidCorpusFile) as raised:
        read_corpus_file(path)
    assert raised.value.code == "legal.invalid_file"
    assert says in raised.value.message


def test_every_bad_record_is_listed_with_its_place(tmp_path: Path) -> None:
    bad = [
        RECORDS[0],
        {**RECORDS[1], "issue_date": "31/02/2004"},
        {**RECORDS[1], "number": "110/2004/NĐ-CP", "status": "gần hết hiệu lực"},
        {k: v for k, v in RECORDS[0].items() if k != "issuer"} | {"number": "1/2021/NĐ-CP"},
        RECORDS[0],
    ]
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidCorpusFile) as raised:
        read_corpus_file(path)
    problems = raised.value.problems
    assert any(p.startswith("bản ghi 2: trường issue_date") and "không tồn tại" in p for p in problems)
    assert any(p.startswith("bản ghi 3: trường status") for p in problems)
    assert any(p.startswith("bản ghi 4: trường issuer: thiếu") for p in problems)
    assert any(p.startswith("bản ghi 5: trùng văn bản 30/2020/NĐ-CP") for p in problems)
    assert "chưa nạp bản ghi nào" in raised.value.message
