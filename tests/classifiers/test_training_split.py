"""The trainer's hold-out and folds: C and the threshold are chosen on rows cut from the
training data."""

from __future__ import annotations

from classifiers.training.trainer import fold_of, split


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


def test_folds_spread_every_key_group_evenly() -> None:
    key = ["1/ru" if i % 4 == 0 else "0/ru" for i in range(90)]
    fold = fold_of(key, 3, seed=7)
    assert set(fold) == {0, 1, 2}
    for k in range(3):
        inside = [i for i, f in enumerate(fold) if f == k]
        assert sum(key[i] == "1/ru" for i in inside) in (7, 8)  # a third of the 23 toxic rows
        assert sum(key[i] == "0/ru" for i in inside) in (22, 23)  # a third of the 67 clean rows


def test_folds_are_deterministic_per_seed() -> None:
    key = ["a" if i % 2 else "b" for i in range(60)]
    assert fold_of(key, 3, seed=7) == fold_of(key, 3, seed=7)
    assert fold_of(key, 3, seed=7) != fold_of(key, 3, seed=8)
