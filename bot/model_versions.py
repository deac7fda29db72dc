"""Learned model versions in the running bot.

Which model directory the bot loads (`[detection] model_dir`, else the model store's
active version, else the bundled model); `learn_from_verdicts`, the job behind
`kuzet learn` and the optional weekly chore (moderators' verdicts → candidate model →
promoted only if not worse); and `VersionedAnalyzer`, which swaps in the active version
after a promotion or a `/model rollback` without a restart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config.model import DetectionConfig
from bot.detection import DetectorAnalyzer
from bot.storage.repositories import StateRepository
from classifiers.analyzer import Detector
from classifiers.evaluation.evaluate import read_labelled
from classifiers.model import DEFAULT_MODEL_DIR
from classifiers.model.store import ModelStore
from moderation.ports import Clock, TrainingSampleRepository
from moderation.records import SampleLabel

if TYPE_CHECKING:  # training imports scikit-learn: only `kuzet learn` and the chore load it
    from classifiers.training.learn import HeldOut, LearnResult, Verdict

log = logging.getLogger(__name__)

WEEK = timedelta(days=7)
LAST_LEARNED_KEY = "learn:weekly:last"
# Public test splits measured when a datasets directory is given (never trained on).
PUBLIC_HELD_OUT = (
    "ru_toxic_2ch_pikabu/test.csv",
    "ru_paradetox/test.csv",
    "ru_distorted_toxicity/test.csv",
    "kazsandra/test.csv",
)


def model_store(settings: DetectionConfig) -> ModelStore | None:
    return ModelStore(Path(settings.model_store)) if settings.model_store else None


def model_dir(settings: DetectionConfig) -> Path | None:
    """The directory to load: the configured one, the store's active version, or None
    (the bundled model)."""
    if settings.model_dir:
        return Path(settings.model_dir)
    store = model_store(settings)
    return store.active_dir() if store is not None else None


class VersionedAnalyzer(DetectorAnalyzer):
    """A `DetectorAnalyzer` that knows the model store and can reload its active version."""

    def __init__(
        self, detector: Detector | Callable[[], Detector], store: ModelStore | None
    ) -> None:
        super().__init__(detector)
        self.store = store
        # Told the new version's directory after a reload: the detector processes, which
        # loaded their own copy at start, switch to it too.
        self.reload_listeners: list[Callable[[str | None], None]] = []

    def reload(self) -> str:
        """Load the store's active version (verified) in place of the current model."""
        if self.store is None:
            raise ValueError("no model store is configured ([detection] model_store)")
        self.detector = Detector(self.detector.lexicon, self.store.load())
        active = self.store.active_dir()
        for listener in self.reload_listeners:
            listener(str(active) if active is not None else None)
        return self.detector.versions["model"]


def held_out_sets(datasets: Path | None) -> list[HeldOut]:
    """The gold set(s) and, with `datasets`, the public test splits."""
    from classifiers.training.corpus import GOLD_DIR
    from classifiers.training.learn import HeldOut, Verdict

    paths = sorted(GOLD_DIR.glob("*.csv"))
    if datasets is not None:
        paths += [datasets / name for name in PUBLIC_HELD_OUT if (datasets / name).is_file()]
    sets = []
    for path in paths:
        rows = [Verdict(text, toxic) for text, toxic, _ in read_labelled(path)]
        sets.append(HeldOut(f"{path.parent.name}/{path.name}", rows))
    return sets


def verdicts_of(samples: Sequence[Any]) -> list[Verdict]:
    """Moderators' toxic/clean verdicts, oldest first (reply samples are not about toxicity)."""
    from classifiers.training.learn import Verdict

    wanted = {SampleLabel.TOXIC: True, SampleLabel.CLEAN: False}
    ordered = sorted((s for s in samples if s.label in wanted), key=lambda s: s.at)
    return [Verdict(s.text, wanted[s.label]) for s in ordered if s.text.strip()]


@dataclass(frozen=True, slots=True)
class LearnJob:
    """Everything `learn_from_verdicts` needs, from the config and the repositories."""

    store: ModelStore
    samples: TrainingSampleRepository
    clock: Clock
    datasets: Path | None = None
    baseline: Path = DEFAULT_MODEL_DIR
    # (out, extra files, extra metadata) → TrainReport; default: the shipped model's recipe
    build: Callable[[Path, Sequence[Path], dict[str, Any]], Any] | None = None
    held_out: Sequence[HeldOut] | None = None  # default: the gold set (+ public test splits)


async def learn_from_verdicts(job: LearnJob, community_id: str | None = None) -> LearnResult:
    """Retrain on the base corpus plus the moderators' verdicts (one community or all)."""
    from classifiers.training.build_default import build_default
    from classifiers.training.learn import learn

    verdicts = verdicts_of(await job.samples.all(community_id))
    held = job.held_out if job.held_out is not None else held_out_sets(job.datasets)

    def default_build(out: Path, extra: Sequence[Path], meta: dict[str, Any]) -> Any:
        return build_default(out, job.datasets, extra=extra, extra_meta=meta)

    build = job.build or default_build

    now: datetime = job.clock.now()
    label = f"community {community_id}" if community_id else "all communities"
    return await asyncio.to_thread(
        learn, job.store, verdicts, held, build, now, baseline=job.baseline, label=label
    )


class WeeklyLearning:
    """Scheduler chore: at most once a week, `learn_from_verdicts` for all communities,
    and the running detector switched to the new version when it was promoted."""

    def __init__(self, job: LearnJob, state: StateRepository, analyzer: VersionedAnalyzer):
        self.job, self.state, self.analyzer = job, state, analyzer

    async def __call__(self) -> bool:
        now = self.job.clock.now()
        last = await self.state.get(LAST_LEARNED_KEY)
        if last is not None and now - datetime.fromisoformat(last) < WEEK:
            return False
        # Marked before the run: a failing run is retried next week, not every tick.
        await self.state.set(LAST_LEARNED_KEY, now.isoformat())
        result = await learn_from_verdicts(self.job)
        log.info("weekly learning: %s", result.format().splitlines()[-1])
        if result.promoted:
            await asyncio.to_thread(self.analyzer.reload)
        return result.promoted


def weekly_learning(kernel: Any) -> list[tuple[str, WeeklyLearning]]:
    """The scheduler chore when `[detection] learn_weekly` is on (and a store is set)."""
    settings: DetectionConfig = kernel.config.detection
    store = model_store(settings)
    analyzer = kernel.analyzer
    if not settings.learn_weekly or store is None or not isinstance(analyzer, VersionedAnalyzer):
        return []
    job = LearnJob(store, kernel.repos.samples, kernel.clock)
    return [("learn", WeeklyLearning(job, kernel.state, analyzer))]
