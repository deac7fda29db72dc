"""Learning from moderators: retrain, compare with the active model, promote only if not worse.

`learn(...)` takes a community's moderator verdicts (oldest first), keeps the most recent
share of them out of training, and trains a candidate on the base corpus plus the rest.
Candidate and the active model are then measured — through the whole detector, lexicon
included, as the bot would use them — on every held-out set (the gold set, public test
splits when available) and on those recent verdicts. The candidate is promoted into the
`ModelStore` only if it is not worse than the active model on any of them; the active
model stays in the store for rollback.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from classifiers.analyzer import Detector
from classifiers.evaluation.evaluate import analyze_all
from classifiers.evaluation.metrics import Counts
from classifiers.lexicon import Lexicon
from classifiers.model.bundle import ModelBundle
from classifiers.model.store import ModelStore
from classifiers.training.dataset import write_csv
from classifiers.training.report import TrainReport

# The newest verdicts kept out of training to judge the candidate on (at least this many
# when there are enough, so one verdict cannot decide).
RECENT_SHARE = 0.2
MIN_RECENT = 10
Builder = Callable[[Path, Sequence[Path], dict[str, Any]], TrainReport]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One moderator verdict on a comment: toxic (hidden, banned…) or clean (restored)."""

    text: str
    toxic: bool


@dataclass(frozen=True, slots=True)
class HeldOut:
    """A labelled set never trained on."""

    name: str
    rows: Sequence[Verdict]


@dataclass(frozen=True, slots=True)
class Figure:
    """One set's figure for both models; higher is better for every measure."""

    name: str
    rows: int
    measure: str  # "F1", "recall" (toxic rows only) or "1-FP" (clean rows only)
    active: float
    candidate: float

    def to_json(self) -> dict[str, object]:
        return {
            "set": self.name,
            "rows": self.rows,
            "measure": self.measure,
            "active": round(self.active, 4),
            "candidate": round(self.candidate, 4),
        }


@dataclass(frozen=True, slots=True)
class LearnResult:
    promoted: bool
    version: str | None  # the version added to the store (promoted or not)
    trained_samples: int
    recent_samples: int
    figures: tuple[Figure, ...]
    report: TrainReport
    refused: tuple[str, ...] = field(default=())  # the sets on which the candidate is worse

    def format(self) -> str:
        lines = [
            self.report.format(),
            "",
            f"moderator verdicts: {self.trained_samples} trained on, "
            f"{self.recent_samples} most recent held out",
            f"{'set':<28}{'rows':>6}{'measure':>9}{'active':>9}{'candidate':>11}",
        ]
        for f in self.figures:
            lines.append(
                f"{f.name:<28}{f.rows:>6}{f.measure:>9}{f.active:>9.4f}{f.candidate:>11.4f}"
            )
        if self.promoted:
            lines.append(f"promoted: {self.version} is now the active model")
        else:
            lines.append("not promoted: worse on " + ", ".join(self.refused))
        return "\n".join(lines)


def split_recent(verdicts: Sequence[Verdict]) -> tuple[list[Verdict], list[Verdict]]:
    """(older verdicts to train on, the most recent ones to judge on); oldest first in."""
    if len(verdicts) < 2 * MIN_RECENT:
        return list(verdicts), []
    recent = max(MIN_RECENT, round(RECENT_SHARE * len(verdicts)))
    return list(verdicts[:-recent]), list(verdicts[-recent:])


def figure(name: str, rows: Sequence[Verdict], active: Detector, candidate: Detector) -> Figure:
    """Both models' figure on one set: F1, or recall when every row is toxic, or 1 - FP
    rate when none is (where F1 is undefined)."""
    truth = [r.toxic for r in rows]
    texts = [r.text for r in rows]
    counts = [
        Counts.of(truth, [a.toxic for a in analyze_all(d, texts)]) for d in (active, candidate)
    ]
    if all(truth):
        measure, value = "recall", [c.recall or 0.0 for c in counts]
    elif not any(truth):
        measure, value = "1-FP", [1 - (c.fp_rate or 0.0) for c in counts]
    else:
        measure, value = "F1", [c.f1 or 0.0 for c in counts]
    return Figure(name, len(rows), measure, value[0], value[1])


def learn(
    store: ModelStore,
    verdicts: Sequence[Verdict],
    held_out: Sequence[HeldOut],
    build: Builder,
    now: datetime,
    *,
    baseline: Path | None = None,
    lexicon: Lexicon | None = None,
    label: str = "",
) -> LearnResult:
    """Train a candidate with `build(out, extra_files, extra_meta)`, compare, maybe promote.

    `baseline`: the model to beat when the store has no active one (the shipped default).
    """
    lexicon = lexicon or Lexicon.load()
    trained, recent = split_recent(verdicts)
    active_dir = store.active_dir() or baseline
    active = Detector(lexicon, ModelBundle.load(active_dir))
    with tempfile.TemporaryDirectory() as tmp:
        rows = [{"text": v.text, "label": "1" if v.toxic else "0", "lang": ""} for v in trained]
        path = Path(tmp) / "moderator_verdicts.csv"
        extra = [write_csv(path, ["text", "label", "lang"], rows)] if trained else []
        meta: dict[str, Any] = {
            "learned": {"from": label, "verdicts": len(trained), "recent_held_out": len(recent)}
        }
        out = Path(tmp) / "candidate"
        report = build(out, extra, meta)
        candidate = Detector(lexicon, ModelBundle.load(out))
        sets = [*held_out, HeldOut("recent moderator verdicts", recent)] if recent else held_out
        figures = tuple(figure(s.name, s.rows, active, candidate) for s in sets if s.rows)
        refused = tuple(f.name for f in figures if f.candidate < f.active)
        notes = {
            "at": now.isoformat(),
            "from": label,
            "compared_with": active.versions["model"],
            "figures": [f.to_json() for f in figures],
            "worse_on": list(refused),
        }
        version = store.add(out, now, notes)
    if not refused:
        store.promote(version)
    return LearnResult(not refused, version, len(trained), len(recent), figures, report, refused)
