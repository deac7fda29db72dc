"""The trainer's hold-out: C and the threshold are chosen on rows cut from the training data."""

from __future__ import annotations

from classifiers.training.trainer import split


def test_hold_out_is_a_stratified_partition_of_the_training_rows() -> None:
    items = list(range(100))
    key = ["1/ru" if i % 4 == 0 else "0/ru" for i in items]
    kept, held = split(items, key, 0.2, seed=7)
    assert sorted(kept + held) == items  # nothing added, nothing lost: only training rows
    assert not set(kept) & set(held)
    assert sum(key[i] == "1/ru" for i in held) == 5  # a fifth of the 25 toxic rows
    assert sum(key[i] == "0/ru" for i in held) == 15  # a fifth of the 75 clean rows


def test_hold_out_is_deterministic_per_seed() -> None:
    items = list(range(50))
    key = ["a" if i % 2 else "b" for i in items]
    assert split(items, key, 0.2, seed=7) == split(items, key, 0.2, seed=7)
    assert split(items, key, 0.2, seed=7)[1] != split(items, key, 0.2, seed=8)[1]
