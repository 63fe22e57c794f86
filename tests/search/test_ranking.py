"""The adjacency features both adapters rank by (search._ranking), and an index made before them."""

from __future__ import annotations

from search import IndexedDocument, SearchQuery
from search._query import parse_query
from search._ranking import (
    NEAR_BODY,
    PAIR_BODY,
    PAIR_TITLE,
    PHRASE_BODY,
    PHRASE_TITLE,
    Feature,
    FeatureKind,
    feature_boost,
    rank_plan,
    shingles,
)
from search.elastic import index_mappings, index_settings
from tests.search.conftest import ElasticsearchSession


def test_shingles_are_adjacent_syllable_pairs_exact_and_folded() -> None:
    assert shingles("Thành phố Cần Thơ") == [
        "thành_phố",
        "phố_cần",
        "cần_thơ",
        "thanh_pho",
        "pho_can",
        "can_tho",
    ]
    assert shingles("Số 12/QĐ-UBND") == ["số_12", "12_qđ", "qđ_ubnd", "so_12", "12_qd", "qd_ubnd"]
    assert shingles("một") == []


def test_a_query_typed_without_diacritics_asks_only_folded_features() -> None:
    features = rank_plan(parse_query("can tho"))
    assert {f.kind for f in features} == {FeatureKind.PAIR, FeatureKind.PHRASE, FeatureKind.NEAR}
    assert not any(f.exact for f in features)


def test_diacritics_typed_give_most_of_the_weight_to_the_exact_form() -> None:
    features = rank_plan(parse_query("báo về"))
    pair_folded, pair_exact = (f for f in features if f.kind is FeatureKind.PAIR)
    assert (pair_folded.shingle, pair_exact.shingle) == ("bao_ve", "báo_về")
    assert pair_exact.head > 2 * pair_folded.head
    assert {f.words for f in features if f.kind is FeatureKind.WORD} == {("báo",), ("về",)}


def test_the_embedded_second_pass_counts_features_in_the_head_and_the_body() -> None:
    features = rank_plan(parse_query("can tho"))
    about = feature_boost(features, "Kế hoạch du lịch Cần Thơ", "215/KH-UBND", "Thành phố Cần Thơ.")
    scattered = feature_boost(features, "Thi thơ dành cho các cán bộ", "48/TB", "Cán bộ gửi hai bài thơ.")
    assert about >= PAIR_TITLE + PAIR_BODY + PHRASE_TITLE + PHRASE_BODY
    assert scattered == 0.0


def test_proximity_counts_the_other_syllables_between_the_first_and_the_last() -> None:
    near = Feature(FeatureKind.NEAR, ("a", "b", "c"), False, 0.0, NEAR_BODY)
    assert feature_boost([near], "", "", "c x b y a") == NEAR_BODY  # any order, two others between
    assert feature_boost([near], "", "", "a x y b z c") == 0.0  # three others between
    assert feature_boost([near], "", "", "a b") == 0.0


def test_an_elasticsearch_index_made_before_the_shingle_fields_takes_them(
    es_session: ElasticsearchSession,
) -> None:
    """An alias whose index has the strict mapping of before (no shingle fields): the adapter adds them on
    first use, so a write (which carries shingles) is accepted instead of refused by ``dynamic: strict``."""
    index = es_session.open()
    old = index_mappings()
    for name in ("head_shingles", "body_shingles"):
        del old["properties"][name]
    index._client.indices.create(
        index=f"{index.alias}-old", settings=index_settings(1, 0), mappings=old, aliases={index.alias: {}}
    )
    index.index(IndexedDocument(id="d1", title="Báo cáo Cần Thơ", principals=frozenset({"u"})))
    index.refresh()
    hits = index.query(SearchQuery(principals=frozenset({"u"}), text="can tho")).hits
    assert [h.id for h in hits] == ["d1"]
    index.close()
