"""Vietnamese text analysis: NFC, lower case, folding (tones, vowel marks, đ) and document numbers."""

from __future__ import annotations

import unicodedata

import pytest

from search import (
    find_document_numbers,
    fold,
    fold_preserving_length,
    is_document_number,
    nfc,
    normalize,
    number_key,
    tokenize,
)

# Base vowel, and the combining mark that makes each of the twelve Vietnamese vowels.
VOWELS = {
    "a": ("a", ""),
    "ă": ("a", "\u0306"),
    "â": ("a", "\u0302"),
    "e": ("e", ""),
    "ê": ("e", "\u0302"),
    "i": ("i", ""),
    "o": ("o", ""),
    "ô": ("o", "\u0302"),
    "ơ": ("o", "\u031b"),
    "u": ("u", ""),
    "ư": ("u", "\u031b"),
    "y": ("y", ""),
}
# Ngang (none), sắc, huyền, hỏi, ngã, nặng.
TONES = {"ngang": "", "sắc": "\u0301", "huyền": "\u0300", "hỏi": "\u0309", "ngã": "\u0303", "nặng": "\u0323"}


@pytest.mark.parametrize("vowel", list(VOWELS))
@pytest.mark.parametrize("tone", list(TONES))
@pytest.mark.parametrize("upper", [False, True], ids=["lower", "upper"])
def test_every_tone_on_every_vowel_folds_to_its_base(vowel: str, tone: str, upper: bool) -> None:
    base, mark = VOWELS[vowel]
    letter = unicodedata.normalize("NFC", base + mark + TONES[tone])
    if upper:
        letter = letter.upper()
    assert len(letter) == 1  # a real precomposed Vietnamese letter
    assert fold(letter) == base
    assert fold(unicodedata.normalize("NFD", letter)) == base
    assert fold_preserving_length(letter) == base


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("aàáảãạ ăằắẳẵặ âầấẩẫậ", "aaaaaa aaaaaa aaaaaa"),
        ("eèéẻẽẹ êềếểễệ", "eeeeee eeeeee"),
        ("iìíỉĩị yỳýỷỹỵ", "iiiiii yyyyyy"),
        ("oòóỏõọ ôồốổỗộ ơờớởỡợ", "oooooo oooooo oooooo"),
        ("uùúủũụ ưừứửữự", "uuuuuu uuuuuu"),
        (
            "ÀÁẢÃẠ ẰẮẲẴẶ ẦẤẨẪẬ ỀẾỂỄỆ ỒỐỔỖỘ ỜỚỞỠỢ ỪỨỬỮỰ ỲÝỶỸỴ",
            "aaaaa aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy",
        ),
        ("Đặng Quốc Vinh", "dang quoc vinh"),
        ("ĐẶNG QUỐC VINH", "dang quoc vinh"),
        ("đường Nguyễn Tất Thành", "duong nguyen tat thanh"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "cong hoa xa hoi chu nghia viet nam"),
        ("Độc lập - Tự do - Hạnh phúc", "doc lap - tu do - hanh phuc"),
        ("Ðà Nẵng", "da nang"),  # Icelandic eth typed for Đ on legacy keyboards
    ],
)
def test_fold_examples(written: str, folded: str) -> None:
    assert fold(written) == folded


def test_nfd_input_is_composed() -> None:
    composed = "Cải cách hành chính, Ủy ban nhân dân tỉnh Hà Tĩnh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert nfc(decomposed) == composed
    assert normalize(decomposed) == composed.lower()
    assert fold(decomposed) == "cai cach hanh chinh, uy ban nhan dan tinh ha tinh"
    assert tokenize(decomposed) == tokenize(composed)


def test_fold_keeps_one_character_per_character() -> None:
    text = unicodedata.normalize("NFD", "Nghị định số 108/2014/NĐ-CP của Chính phủ")
    folded = fold_preserving_length(text)
    assert len(folded) == len(nfc(text))
    assert folded == "nghi dinh so 108/2014/nd-cp cua chinh phu"


def test_normalize_keeps_diacritics_and_lowers_case() -> None:
    assert normalize("BÁN ĐẤU GIÁ") == "bán đấu giá"
    assert normalize("bán") != normalize("bạn") != normalize("ban")
    assert fold("bán") == fold("bạn") == fold("ban") == "ban"


def test_tokenize_keeps_document_numbers_whole() -> None:
    text = "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014; Kết luận số 05-KL/TU và Luật số 20/2023/QH15."
    assert tokenize(text) == [
        "căn",
        "cứ",
        "nghị",
        "định",
        "số",
        "108/2014/nđ-cp",
        "ngày",
        "20",
        "11",
        "2014",
        "kết",
        "luận",
        "số",
        "05-kl/tu",
        "và",
        "luật",
        "số",
        "20/2023/qh15",
    ]


@pytest.mark.parametrize(
    "number",
    [
        "108/2014/NĐ-CP",
        "09/2015/QĐ-TTg",
        "20/2023/QH15",
        "02/2019/TT-BNV",
        "204/KH-UBND",
        "114/QĐ-UBND",
        "05-KL/TU",
        "123/UBND-VP",
        "1520/UBND-NL",
    ],
)
def test_document_numbers_are_recognised(number: str) -> None:
    assert is_document_number(number)
    assert find_document_numbers(f"theo văn bản số {number}, ngày 05/3/2020.") == [number]


@pytest.mark.parametrize("text", ["23/12/2021", "15-1-2013", "2021", "QĐ-UBND", "V/v", "số 12", ""])
def test_dates_and_words_are_not_document_numbers(text: str) -> None:
    assert not is_document_number(text)
    assert find_document_numbers(text) == []


@pytest.mark.parametrize(
    "typed",
    [
        "108/2014/NĐ-CP",
        "108/2014/ND-CP",
        "108/2014/nđ-cp",
        "108 / 2014 / NĐ – CP",
        unicodedata.normalize("NFD", "108/2014/NĐ-CP"),
    ],
)
def test_number_key_ignores_the_stroke_case_and_spacing(typed: str) -> None:
    assert number_key(typed) == "108/2014/nd-cp"


def test_different_numbers_have_different_keys() -> None:
    assert number_key("108/2014/NĐ-CP") != number_key("108/2015/NĐ-CP")
    assert number_key("05-KL/TU") != number_key("05/KL-TU")
