"""Snippets of the embedded adapter: a window around the matches of the original text, HTML-safe."""

from __future__ import annotations

from search._snippets import find_spans, make_snippet
from search.text import fold_preserving_length


def snippet(text: str, *phrases: tuple[str, ...]) -> str:
    return make_snippet(text, find_spans(fold_preserving_length(text), list(phrases)))


def test_window_goes_to_the_match_far_into_the_text() -> None:
    text = "Mở đầu văn bản. " * 40 + "Giao Sở Nội vụ chủ trì cải cách hành chính. " + "Phần cuối. " * 40
    result = snippet(text, ("cai", "cach"))
    assert "<mark>cải cách</mark>" in result
    assert result.startswith("…") and result.endswith("…")
    assert len(result) < 260
    assert "Mở đầu văn bản." not in result[:3]


def test_words_are_matched_whole() -> None:
    assert snippet("Ban hành và bán hàng", ("ban",)) == "<mark>Ban</mark> hành và <mark>bán</mark> hàng"
    assert snippet("bánh mì", ("ban",)) == "bánh mì"


def test_a_phrase_spans_punctuation_like_the_index_does() -> None:
    assert snippet("theo 108/2014/NĐ-CP.", ("108", "2014", "nd", "cp")) == "theo <mark>108/2014/NĐ-CP</mark>."


def test_text_around_the_marks_is_escaped() -> None:
    result = snippet("<b>Kính gửi</b> & <script>", ("kinh", "gui"))
    assert result == "&lt;b&gt;<mark>Kính gửi</mark>&lt;/b&gt; &amp; &lt;script&gt;"


def test_no_match_shows_the_beginning() -> None:
    assert make_snippet("Ngắn gọn.", []) == "Ngắn gọn."
    assert make_snippet("", []) == ""
