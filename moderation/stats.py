"""Daily community aggregates: what one day looked like, computed from its comments.

The shell reads one local day's decisions (as `CommentFact`s) and threads, and stores the
resulting `DayStats`; charts, digests, reports and the dashboard read only the stored days,
so a year of history costs 365 small rows per community. Pure functions, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from moderation.health import HealthInputs, health_score
from moderation.threads import Thread, WorkingHours, time_to_answer

TOP = 5
_HIDDEN = frozenset({"hide", "ban"})


@dataclass(frozen=True, slots=True)
class CommentFact:
    """What the aggregates need from one recorded decision."""

    author: str
    verdict: str
    toxic: bool
    category: str  # the first lexicon category of a toxic comment; "" when clean
    negative: bool  # toxic, or a complaint
    source: str  # the post/thread it was written under ("chat:post")
    source_link: str
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class Ranked:
    """One line of a top list: who or where, how many, and a link when there is one."""

    key: str
    count: int
    link: str = ""


@dataclass(frozen=True, slots=True)
class DayStats:
    community_id: str
    day: date
    comments: int = 0
    toxic: int = 0
    by_category: Mapping[str, int] = field(default_factory=dict)
    hidden: int = 0
    held: int = 0
    restored: int = 0
    questions: int = 0
    answered: int = 0
    answer_seconds: tuple[float, ...] = ()
    new_authors: int = 0
    top_offenders: tuple[Ranked, ...] = ()
    negativity: tuple[Ranked, ...] = ()

    @property
    def toxic_share(self) -> float | None:
        return self.toxic / self.comments if self.comments else None

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.questions if self.questions else None

    @property
    def median_answer(self) -> float | None:
        return median(self.answer_seconds) if self.answer_seconds else None

    @property
    def p90_answer(self) -> float | None:
        return percentile(self.answer_seconds, 0.9)

    @property
    def health(self) -> float | None:
        return health_score(
            HealthInputs(
                self.comments, self.toxic, self.questions, self.answered,
                self.median_answer, self.hidden, self.restored,
            )
        )  # fmt: skip


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile by linear interpolation (numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _top(counts: Counter[str], links: Mapping[str, str]) -> tuple[Ranked, ...]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return tuple(Ranked(key, count, links.get(key, "")) for key, count in ranked)


def aggregate_day(
    community_id: str,
    day: date,
    facts: Iterable[CommentFact],
    threads: Iterable[Thread],
    *,
    restored: int,
    new_authors: int,
    hours: WorkingHours,
) -> DayStats:
    """One day's aggregates. `threads` are the ones opened that day (answered by now or
    not); `restored` counts hides undone that day."""
    comments = toxic = hidden = held = 0
    categories: Counter[str] = Counter()
    offenders: Counter[str] = Counter()
    negativity: Counter[str] = Counter()
    links: dict[str, str] = {}
    for fact in facts:
        comments += 1
        if fact.toxic:
            toxic += 1
            categories[fact.category or "other"] += 1
            offenders[fact.author] += 1
        if fact.negative:
            negativity[fact.source] += 1
            links.setdefault(fact.source, fact.source_link)
        if not fact.dry_run and fact.verdict in _HIDDEN:
            hidden += 1
        elif fact.verdict == "review":
            held += 1
    questions = answered = 0
    seconds: list[float] = []
    for thread in threads:
        questions += 1
        if not thread.is_open:
            answered += 1
        waited = time_to_answer(thread, hours)
        if waited is not None:
            seconds.append(round(waited, 1))
    return DayStats(
        community_id, day, comments, toxic, dict(categories), hidden, held, restored,
        questions, answered, tuple(seconds), new_authors,
        _top(offenders, {}), _top(negativity, links),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """Several days added up (a week in the digest, 30 days in a report)."""

    days: int
    comments: int
    toxic: int
    hidden: int
    held: int
    restored: int
    questions: int
    answered: int
    median_answer: float | None
    p90_answer: float | None
    new_authors: int
    health: float | None  # the mean of the days' scores

    @property
    def toxic_share(self) -> float | None:
        return self.toxic / self.comments if self.comments else None

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.questions if self.questions else None


def combine(days: Sequence[DayStats]) -> Period:
    """The sum of `days` (answer times pooled; health averaged over days with a score)."""
    pooled = [s for d in days for s in d.answer_seconds]
    scores = [h for h in (d.health for d in days) if h is not None]
    return Period(
        days=len(days),
        comments=sum(d.comments for d in days),
        toxic=sum(d.toxic for d in days),
        hidden=sum(d.hidden for d in days),
        held=sum(d.held for d in days),
        restored=sum(d.restored for d in days),
        questions=sum(d.questions for d in days),
        answered=sum(d.answered for d in days),
        median_answer=median(pooled) if pooled else None,
        p90_answer=percentile(pooled, 0.9),
        new_authors=sum(d.new_authors for d in days),
        health=round(sum(scores) / len(scores), 1) if scores else None,
    )


def top_sources(days: Sequence[DayStats], limit: int = TOP) -> tuple[Ranked, ...]:
    """The posts with the most negative comments over several days."""
    counts: Counter[str] = Counter()
    links: dict[str, str] = {}
    for day in days:
        for item in day.negativity:
            counts[item.key] += item.count
            links.setdefault(item.key, item.link)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return tuple(Ranked(key, count, links.get(key, "")) for key, count in ranked)
