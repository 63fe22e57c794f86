"""The shipped starter corpus: big enough, internally consistent, and honest about its sources."""

from __future__ import annotations

import datetime as dt

from eoffice.legal import LegalCorpus, LegalRecord, LegalStatus


def test_starter_corpus_has_the_central_documents_agencies_cite(corpus: LegalCorpus) -> None:
    assert len(corpus) >= 150
    for number in ("30/2020/NĐ-CP", "20/2023/QH15", "33/2024/QH15", "28/2018/QĐ-TTg", "22/2020/TT-BTTTT"):
        assert corpus.by_number(number) is not None, number


def test_every_record_says_where_its_facts_come_from_and_how_sure(starter: list[LegalRecord]) -> None:
    for record in starter:
        assert "Công báo" in record.source, record.key
        assert "Độ tin cậy: cao" in record.source or "Độ tin cậy: trung bình" in record.source, record.key


def test_replacements_point_at_records_of_the_corpus_issued_later(corpus: LegalCorpus) -> None:
    for record in corpus.records:
        for number in (*record.replaced_by, *record.amended_by):
            successor = corpus.by_number(number)
            assert successor is not None, f"{record.key} → {number}"
            assert successor.issue_date >= record.issue_date, f"{record.key} → {number}"


def test_replaced_documents_are_replaced_by_the_decree_that_superseded_them(corpus: LegalCorpus) -> None:
    old = corpus.by_number("110/2004/NĐ-CP")
    assert old is not None and old.status == LegalStatus.REPLACED
    chain = corpus.replacements(old, on=dt.date(2024, 1, 1))
    assert [r.number for r in chain] == ["30/2020/NĐ-CP"]
    assert corpus.replacements(old, on=dt.date(2019, 12, 31)) == []


def test_the_regression_chains_of_issue_21(corpus: LegalCorpus) -> None:
    """30/2020 replaced 110/2004 and 09/2010; 29/2023 replaced 108/2014; 61/2018 replaced QĐ 09/2015/QĐ-TTg;
    Luật 20/2023/QH15 replaced 51/2005/QH11 — each seen in force the day after the replacement took effect."""
    for old, new in (
        ("110/2004/NĐ-CP", "30/2020/NĐ-CP"),
        ("09/2010/NĐ-CP", "30/2020/NĐ-CP"),
        ("108/2014/NĐ-CP", "29/2023/NĐ-CP"),
        ("09/2015/QĐ-TTg", "61/2018/NĐ-CP"),
        ("51/2005/QH11", "20/2023/QH15"),
    ):
        record, successor = corpus.by_number(old), corpus.by_number(new)
        assert record is not None and successor is not None, old
        took_effect = successor.effective_date or successor.issue_date
        assert corpus.replacements(record, on=took_effect)[0].number == new, old
        assert corpus.replacements(record, on=took_effect - dt.timedelta(days=1)) == [], old


def test_documents_cited_every_day_are_known(corpus: LegalCorpus) -> None:
    decision = corpus.by_number("09/2015/QĐ-TTg")
    assert decision is not None and decision.issuer == "Thủ tướng Chính phủ"
    assert decision.issue_date == dt.date(2015, 3, 25)
    circular = corpus.by_number("40/2021/TT-BTC")
    assert circular is not None and circular.issuer == "Bộ Tài chính" and circular.type == "Thông tư"
    assert circular.issue_date == dt.date(2021, 6, 1)
