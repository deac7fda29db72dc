"""The compact vocabularies of a loaded model: stored terms and the scorer's hashed union."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.model import ModelBundle
from classifiers.model.artifact import model_arrays
from classifiers.model.terms import HashedTerms, StoredTerms

_TERM = st.text(alphabet="абвгдқә xy*", min_size=1, max_size=6).filter(lambda t: "\n" not in t)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_TERM, max_size=30, unique=True), min_size=1, max_size=3), _TERM)
def test_hashed_union_gives_each_distinct_term_its_own_column(
    vocabularies: list[list[str]], stranger: str
) -> None:
    union = HashedTerms(vocabularies, start=5)
    distinct = {term for vocabulary in vocabularies for term in vocabulary}
    assert len(union) == len(distinct)
    columns = union.find(sorted(distinct)).tolist()
    assert sorted(columns) == list(range(5, 5 + len(distinct)))
    if stranger not in distinct:
        assert union.find([stranger, stranger]).tolist() == [-1, -1]
    assert union.mapping(sorted(distinct)) == dict(zip(sorted(distinct), columns, strict=True))


def test_an_empty_union_finds_nothing() -> None:
    assert HashedTerms([[]]).find(["а", "б"]).tolist() == [-1, -1]


def test_stored_terms_read_as_the_dict_they_were_saved_from() -> None:
    terms = StoredTerms("ба\nxy\nә қ".encode(), 3)
    assert dict(terms.items()) == {"ба": 0, "xy": 1, "ә қ": 2} == dict(terms)
    assert list(terms.values()) == [0, 1, 2] and terms["ә қ"] == 2
    assert dict(StoredTerms(b"", 0)) == {}


def test_a_loaded_model_keeps_its_terms_as_stored_bytes() -> None:
    model = ModelBundle.load().intent_model
    assert isinstance(model.char_block.vocabulary, StoredTerms)
    stored = model_arrays("intent", model)["intent.char_terms"]
    assert bytes(stored).decode("utf-8").split("\n") == list(model.char_block.vocabulary)
