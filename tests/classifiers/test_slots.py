"""`slots_builder`: the same frozen objects as the generated __init__, or a clear error."""

from __future__ import annotations

import pytest

from classifiers.slots import slots_builder
from classifiers.vocabulary import Category, Match

FIELDS = ("term", "root", "category", "severity", "lang", "start", "end", "source", "mentioned")


def test_builds_the_same_object_as_the_constructor() -> None:
    build = slots_builder(Match, FIELDS)
    values = ("Хуй", "хуй", Category.OBSCENE, 3, "ru", 4, 7, "lexicon", False)
    made = build(*values)
    assert type(made) is Match
    assert made == Match(*values)
    assert hash(made) == hash(Match(*values))
    assert [getattr(made, name) for name in FIELDS] == list(values)
    with pytest.raises(AttributeError):  # still frozen
        made.term = "x"  # type: ignore[misc]


def test_a_wrong_number_of_values_is_refused() -> None:
    build = slots_builder(Match, FIELDS)
    with pytest.raises(TypeError, match=r"new_Match\(\) missing 1 required positional"):
        build("Хуй", "хуй", Category.OBSCENE, 3, "ru", 4, 7, "lexicon")
    with pytest.raises(TypeError, match="takes 9 positional arguments but 10"):
        build("Хуй", "хуй", Category.OBSCENE, 3, "ru", 4, 7, "lexicon", False, "extra")


def test_an_unknown_field_is_refused_when_built() -> None:
    with pytest.raises(KeyError):
        slots_builder(Match, ("term", "no_such_field"))


def test_a_dataclass_builder_takes_its_fields_in_order_by_default() -> None:
    values = ("дурак", "дурак", Category.INSULT, 1, "ru", 0, 5, "overlay", True)
    assert slots_builder(Match)(*values) == Match(*values)
