"""Rebuild the shipped default model from the seed corpus only: deterministic, offline.

    python -m classifiers.training.build_default [--out DIR]

Trains on `classifiers/data/seed/toxicity.csv` and `intent.csv` (hand-written for the
project; never on ../shared datasets) and writes `classifiers/data/model/`. Two runs on
the same data and library versions give byte-identical files.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from classifiers.model.bundle import DEFAULT_MODEL_DIR
from classifiers.training.report import TrainReport
from classifiers.training.trainer import SEED_DIR, train

# Seed rows per language and class are in the hundreds; a language needs this many toxic
# and this many clean rows before the model's score is trusted there.
SEED_MIN_PER_CLASS = 100
# The seed's clean rows are deliberately hard (traps, angry but civil complaints); on real
# clean Kazakh reviews an F1-optimal cut-off flagged several percent, so precision first.
SEED_MAX_FP_RATE = 0.005


def build_default(out: Path = DEFAULT_MODEL_DIR) -> TrainReport:
    return train(
        [SEED_DIR / "toxicity.csv"],
        out,
        intent_data=[SEED_DIR / "intent.csv"],
        c_values=(1.0, 4.0, 16.0),
        min_per_class=SEED_MIN_PER_CLASS,
        max_fp_rate=SEED_MAX_FP_RATE,
        name="seed",
        # The shipped model stays plain TF-IDF + LR, reproducible from the seed as before;
        # the NB blend was measured on 2ch/pikabu, not on the small hand-written seed.
        nb_alpha=None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    args = parser.parse_args(argv)
    print(build_default(args.out).format())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
