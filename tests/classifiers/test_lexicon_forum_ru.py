"""Russian forum abuse without mat (issue #15): contempt, political slurs and calls for
violence against a third party, and the innocent words next to them."""

from __future__ import annotations

import pytest

from classifiers.lexicon import Lexicon
from classifiers.vocabulary import Lang
from tests.classifiers.lexicon_roots import found_roots


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("очередной шизик в треде", "шизик"),
        ("нищеброды на красных машинах", "нищеброд"),
        ("убогие людишки", "убогий"),
        ("это не люди, а нелюди", "нелюдь"),
        ("недочеловеки какие-то", "недочеловек"),
        ("либерасты опять ноют", "либераст"),
        ("опять укров показывают", "укр"),
        ("укропы скачут", "укр"),
        ("в рашке всё как всегда", "рашка"),
        ("ну что, ватнички, довольны?", "ватник"),
        ("у хохлов опять праздник", "хохол"),
        ("гейропа загнивает", "гейропа"),
        ("всех этих воров расстрелять", "расстрелять"),
        ("их бы сжечь живьём", "сжечь живьем"),
        ("этого судью посадить на кол", "посадить на кол"),
        ("таким надо набить морду", "набить морду"),
        ("таких убивать надо", "таких убивать"),
        ("придурковатая ведущая", "придурок"),
        ("психованные фанаты", "психованный"),
        ("зомбированное стадо", "зомбированный"),
    ],
)
def test_forum_abuse_is_found(lexicon: Lexicon, text: str, root: str) -> None:
    assert root in found_roots(lexicon, text, Lang.RU)


@pytest.mark.parametrize(
    "text",
    [
        "укроп в салат и немного петрушки",
        "укр. язык в расписании стоит на вторник",
        "хохлатая курица несёт по два яйца",
        "роспись под хохлому",
        "сжечь калории помогает плавание",
        "сжечь сухую траву нельзя, штраф",
        "кол забили в землю у забора",
        "записать в расход по смете",
        "стрелять в тире",
        "шизофрения лечится, не стыдитесь идти к врачу",
        "ущерб от пожара оценили в миллион",
        "нацистская германия напала в 1941 году",
    ],
)
def test_the_innocent_neighbours_are_not(lexicon: Lexicon, text: str) -> None:
    assert found_roots(lexicon, text, Lang.RU) == []
