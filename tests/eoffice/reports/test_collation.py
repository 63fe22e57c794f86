"""Vietnamese alphabetical order: letters (ă â đ ê ô ơ ư are letters of their own), then tones, then case."""

from __future__ import annotations

import unicodedata

from eoffice.reports.collation import vietnamese_key, vietnamese_sorted


def test_letters_follow_the_vietnamese_alphabet() -> None:
    provinces = [
        "Yên Bái",
        "Đà Nẵng",
        "Điện Biên",
        "An Giang",
        "Ân Thi",
        "Ăn Quán",
        "Bắc Ninh",
        "Bạc Liêu",
        "Cà Mau",
    ]
    assert vietnamese_sorted(provinces) == [
        "An Giang",
        "Ăn Quán",
        "Ân Thi",
        "Bạc Liêu",  # a before ă decides, before any tone is looked at
        "Bắc Ninh",
        "Cà Mau",
        "Đà Nẵng",
        "Điện Biên",
        "Yên Bái",
    ]
    assert sorted(provinces) != vietnamese_sorted(provinces)  # code point order puts Đ after Y
    assert vietnamese_sorted(["Ơn", "Ôn", "On", "Ưu", "Uy", "Ê", "E", "Dung", "Đông"]) == [
        "Dung",
        "Đông",
        "E",
        "Ê",
        "On",
        "Ôn",
        "Ơn",
        "Uy",
        "Ưu",
    ]


def test_tones_break_ties_in_dictionary_order() -> None:
    assert vietnamese_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_tone_placement_and_normal_form_do_not_matter() -> None:
    old_style, new_style = "Hòa Bình", "Hoà Bình"  # both placements occur in real names
    assert vietnamese_key(old_style) == vietnamese_key(new_style)
    decomposed = unicodedata.normalize("NFD", "Phòng Đào tạo")
    assert vietnamese_key(decomposed) == vietnamese_key("Phòng Đào tạo")


def test_separators_digits_and_case() -> None:
    assert vietnamese_sorted(["Phòng Nội vụ", "Phòng  Nội  vụ 2", "phòng nội vụ", "Phòng Nội"]) == [
        "Phòng Nội",
        "phòng nội vụ",
        "Phòng Nội vụ",
        "Phòng  Nội  vụ 2",
    ]
