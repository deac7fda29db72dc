"""Training rows held out: exact keys of the held-out sets, and near-copies of gold rows."""

from __future__ import annotations

from classifiers.training.corpus import corpus_key
from classifiers.training.held_out import HeldOut

GOLD = ["Тұрақты клиенттерге жеңілдік карта бар ма", "рахмет"]
PUBLIC = ["это просто тестовая строка из чужого набора"]


def _held() -> HeldOut:
    return HeldOut(map(corpus_key, PUBLIC), map(corpus_key, GOLD))


def test_exact_keys_of_both_sets_are_held() -> None:
    held = _held()
    assert corpus_key("Тұрақты клиенттерге жеңілдік карта бар ма?") in held
    assert corpus_key("Рахмет!") in held
    assert corpus_key("Это просто тестовая строка из чужого набора.") in held


def test_a_gold_row_with_its_words_reordered_or_one_changed_is_held() -> None:
    held = _held()
    assert corpus_key("Жеңілдік карта бар ма тұрақты клиенттерге") in held
    assert corpus_key("Тұрақты клиенттерге жеңілдік карта бар ма екен") in held


def test_a_row_sharing_a_few_words_with_gold_is_kept() -> None:
    held = _held()
    assert corpus_key("Жеңілдік карта қалай алуға болады, айтыңызшы") not in held
    # short texts share words by chance: only their exact key holds them out
    assert corpus_key("рахмет сізге") not in held


def test_public_rows_are_held_only_by_their_exact_key() -> None:
    held = _held()
    assert corpus_key("строка из чужого набора это просто тестовая") not in held
