"""Rebuild the shipped default model: deterministic, offline.

    python -m classifiers.training.build_default [--datasets DIR] [--out DIR]

Trains on the project's own seed corpus (`classifiers/data/seed/`, MIT, written for the
project) and, with `--datasets`, on the train split of every public dataset whose license
allows shipping a model trained on it (`PUBLIC_SOURCES`). Public test splits and the gold
set are never trained on: any training row whose corpus key occurs in one of them is
dropped first. Every source and its license goes into the model's metadata. Two runs on
the same data and library versions give byte-identical files.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Container, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifiers.model.artifact import file_sha256
from classifiers.model.bundle import DEFAULT_MODEL_DIR
from classifiers.normalize import normalize
from classifiers.training.corpus import GOLD_DIR, SEED_DIR, corpus_key, keys_of
from classifiers.training.dataset import read_csv, write_csv
from classifiers.training.held_out import HeldOut
from classifiers.training.report import TrainReport
from classifiers.training.trainer import train
from classifiers.vocabulary import Lang


@dataclass(frozen=True, slots=True)
class Source:
    """A training file and what may be done with a model trained on it."""

    name: str
    path: str  # relative to the seed directory or to the datasets directory
    license: str
    origin: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "license": self.license, "origin": self.origin}


OWN = "Kuzet project, hand-written for the project (MIT)"
COMMUNITY = "the community's own moderator verdicts (stays with the instance)"
SEED_SOURCES = (
    Source("seed toxicity", "toxicity.csv", "MIT", OWN),
    Source("corpus ru", "corpus_ru.csv", "MIT", OWN),
    Source("corpus kk", "corpus_kk.csv", "MIT", OWN),
    Source("corpus kk more", "corpus_kk_more.csv", "MIT", OWN),
    Source("corpus ru forum", "corpus_ru_forum.csv", "MIT", OWN),
)
# corpus_intent_more.csv: clean comments only, written for the intent classes the model
# confused (announcements and talk between users, sarcastic thanks, questions without "?");
# it trains intent alone, so the toxicity model and its threshold do not move; so does
# corpus_intent_everyday.csv (advice and replies between readers, opinions and stories that
# use negative words, praise and plain-told complaints in every script).
INTENT_FILES = (
    "intent.csv",
    "corpus_ru.csv",
    "corpus_kk.csv",
    "corpus_intent_more.csv",
    "corpus_kk_more.csv",
    "corpus_intent_everyday.csv",
)
LANG_DIR = SEED_DIR.parent / "lang"
COMMON_WORDS = Source("common words", "lang/*_words.txt", "MIT", OWN)
CORPUS_WORDS = Source("corpus words", "corpus_*.csv", "MIT", OWN)
CATEGORY_FILES = ("corpus_ru.csv", "corpus_kk.csv", "corpus_kk_more.csv", "corpus_ru_forum.csv")
# The corpus files whose clean words are also trained on alone (see corpus_words).
CORPUS_FILES = ("corpus_ru.csv", "corpus_kk.csv")
# Only MIT/CC0/CC-BY data may train the shipped model. 2ch/pikabu (no license stated),
# ParaDetox (no license in its repository), ru_inappropriate (CC BY-NC-SA) and KazSAnDRA
# (no license stated) are measured by bench/quality.py, never trained on here.
PUBLIC_SOURCES = (
    Source(
        "ru_distorted_toxicity",
        "ru_distorted_toxicity/train.csv",
        "MIT",
        "github.com/alla-g/toxicity-detection-thesis (Gorbunova 2022), data statement",
    ),
)
# Files whose texts must never be trained on (relative to the datasets directory).
PUBLIC_HELD_OUT = (
    "ru_toxic_2ch_pikabu/test.csv",
    "ru_paradetox/test.csv",
    "ru_paradetox/test_official_toxic_only.csv",
    "ru_inappropriate/test.csv",
    "ru_distorted_toxicity/test.csv",
    "ru_distorted_toxicity/distorted_pairs.csv",
    "kazsandra/test.csv",
)
# C of the plain model in the blend; 8 beat 4 and 16 on the corpus hold-out (one value keeps
# a rebuild to a few minutes).
C_VALUES = (8.0,)
# The corpus holds thousands of rows per language and class now; below this a language's
# model score is not trusted (see ModelBundle.trusted_for).
MIN_PER_CLASS = 100
# On the corpus hold-out, cut-offs are only considered while they flag at most this share
# of clean rows: the lexicon catches the obvious cases, the model must stay precise on
# clean comments in general (the corpus' clean rows are deliberately hard). With the short
# Kazakh reviews added to the corpus, 0.008 raised the cut-off from 0.65 to 0.67 and cost
# 1.5 points of gold recall; 0.010 keeps recall and still flags fewer clean reviews than
# before (figures in docs/retraining.md).
MAX_FP_RATE = 0.010
# The cut-off is the score that flags MAX_FP_RATE of the clean rows. On one 20% hold-out
# (about 45 clean rows above it) it moved between 0.63 and 0.75 when a few dozen rows were
# added, worth 2-3 points of gold recall; out-of-fold scores of every row steady it.
FOLDS = 3


def held_out_keys(datasets: Path | None) -> HeldOut:
    """Corpus keys of every public test file and of the gold set (and near-copies of gold
    rows, see `held_out`)."""
    public: list[Path] = []
    if datasets is not None:
        public = [datasets / name for name in PUBLIC_HELD_OUT if (datasets / name).is_file()]
    return HeldOut(keys_of(public), keys_of(sorted(GOLD_DIR.glob("*.csv"))))


def _filtered(path: Path, held: Container[str], out: Path) -> Path:
    """A copy of `path` without its held-out rows (the original when it has none)."""
    fields, rows = read_csv(path)
    kept = [row for row in rows if corpus_key(row.get("text") or "") not in held]
    if len(kept) == len(rows):
        return path
    # Public splits share names (train.csv): the folder keeps one source's copy from
    # overwriting another's.
    return write_csv(out / f"{path.parent.name}_{path.name}", fields, kept)


def common_words(lang_dir: Path, out: Path) -> Path:
    """The language lists' frequent words, one clean row each: a lone ordinary word
    ("тебе", "себя", "сен") is no abuse, however often it occurs inside abuse."""
    rows = []
    for lang in ("kk", "ru"):
        for line in (lang_dir / f"{lang}_words.txt").read_text(encoding="utf-8").splitlines():
            word = line.split("#", 1)[0].split()
            if word:
                rows.append({"text": word[0], "label": "0", "lang": lang})
    return write_csv(out / "common_words.csv", ["text", "label", "lang"], rows)


def corpus_words(files: Sequence[Path], out: Path, limit: int = 4000) -> Path:
    """Words of the corpus' clean rows, one clean row each: rare words share letters with
    abusive roots (хлебать, требовать, көтеру), and a model that never saw a word alone
    reads those letters as abuse. Words that also occur in an abusive row, or that the
    lexicon matches, are left out (a lone word is the lexicon's call); a spread sample
    of at most `limit`, the same on every rebuild."""
    from classifiers.lexicon import Lexicon

    clean: set[str] = set()
    abusive: set[str] = set()
    for path in files:
        for row in read_csv(path)[1]:
            words = {w for w in normalize(row["text"]).words if w.isalpha() and len(w) > 3}
            (clean if row.get("label") == "0" else abusive).update(words)
    candidates = sorted(clean - abusive)
    step = max(1, len(candidates) // limit)
    lexicon = Lexicon.load()
    kept = [
        {"text": word, "label": "0", "lang": ""}
        for word in candidates[::step][:limit]
        if not any(lexicon.find(normalize(word), lang, None) for lang in (Lang.RU, Lang.KK))
    ]
    return write_csv(out / "corpus_words.csv", ["text", "label", "lang"], kept)


def clean_rows(path: Path, out: Path, held: Container[str]) -> Path:
    """The rows of a corpus file labelled clean: intent is learnt from comments the bot
    answers, not from abuse it hides. Rows whose corpus key is in `held` are left out."""
    fields, rows = read_csv(path)
    kept = [
        row
        for row in rows
        if row.get("label", "0") == "0" and corpus_key(row.get("text") or "") not in held
    ]
    return write_csv(out / f"clean_{path.name}", fields, kept)


def build_default(
    out: Path = DEFAULT_MODEL_DIR,
    datasets: Path | None = None,
    extra: Sequence[Path] = (),
    extra_meta: dict[str, Any] | None = None,
) -> TrainReport:
    """Train the default model into `out`; `extra`: more `text,label[,lang]` files (a
    community's moderator verdicts, see `learn`), filtered like the rest."""
    inputs = [(s, SEED_DIR / s.path) for s in SEED_SOURCES]
    if datasets is not None:
        inputs += [(s, datasets / s.path) for s in PUBLIC_SOURCES if (datasets / s.path).is_file()]
    inputs += [(Source(path.stem, str(path), COMMUNITY, COMMUNITY), path) for path in extra]
    sources = [s.to_json() for s, _ in inputs] + [COMMON_WORDS.to_json(), CORPUS_WORDS.to_json()]
    held = held_out_keys(datasets)
    # The seed files as they are in the repository (training sees copies without
    # held-out rows), so a model can be checked against the seed it came from.
    seed_files = {path.name: file_sha256(path) for path in sorted(SEED_DIR.glob("*.csv"))}
    meta = {"seed_files": seed_files, **(extra_meta or {})}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        toxicity = [_filtered(path, held, tmp) for _, path in inputs]
        corpus = [_filtered(SEED_DIR / name, held, tmp) for name in CORPUS_FILES]
        toxicity += [common_words(LANG_DIR, tmp), corpus_words(corpus, tmp)]
        intent = [SEED_DIR / INTENT_FILES[0]]
        intent += [
            clean_rows(SEED_DIR / name, tmp, held)
            for name in INTENT_FILES[1:]
            if (SEED_DIR / name).is_file()
        ]
        return train(
            toxicity,
            out,
            intent_data=intent,
            # Held-out rows stay out of the category model too.
            category_data=[_filtered(SEED_DIR / name, held, tmp) for name in CATEGORY_FILES],
            c_values=C_VALUES,
            min_per_class=MIN_PER_CLASS,
            max_fp_rate=MAX_FP_RATE,
            folds=FOLDS,
            name="kuzet",
            sources=sources,
            extra_meta=meta,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument(
        "--datasets",
        type=Path,
        default=None,
        help="directory of the public datasets; their shippable train splits are added",
    )
    args = parser.parse_args(argv)
    print(build_default(args.out, args.datasets).format())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
