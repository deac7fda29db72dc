"""The detection library's own vocabulary: languages, categories, intents and results.

Every other module of `classifiers` speaks in these types, and so do the callers
(`moderation`, the CLI). Nothing here knows about chats, platforms or databases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Lang(StrEnum):
    """The language of a comment as a moderator would describe it."""

    KK = "kk"
    RU = "ru"
    MIXED = "mixed"
    OTHER = "other"


class Category(StrEnum):
    """What kind of abuse a lexicon entry stands for."""

    OBSCENE = "obscene"
    INSULT = "insult"
    THREAT = "threat"
    SLUR = "slur"
    SPAM = "spam"


class Intent(StrEnum):
    """What the author wants, for drafting a reply."""

    QUESTION = "question"
    COMPLAINT = "complaint"
    PRAISE = "praise"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Match:
    """One lexicon hit: what was written, what it was recognised as, and where.

    `start`/`end` index the *original* text, so a card can quote or mask exactly what the
    author wrote, obfuscation included.
    """

    term: str
    root: str
    category: Category
    severity: int  # 1 mild (e.g. "fool"), 2 insult/obscene, 3 hard mat, slur or threat
    lang: str  # lexicon language: "ru" or "kk"
    start: int
    end: int
    source: str = "lexicon"  # "lexicon" for shipped data, "overlay" for a community's own
    # The word is quoted, discussed or condemned rather than used ("слово «…» — это
    # оскорбление"): reported as mild, never evidence enough to hide on its own.
    mentioned: bool = False


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the library concluded about one text, with the reasons behind it."""

    lang: Lang
    normalized: str
    matches: tuple[Match, ...]
    scores: Mapping[str, float]
    toxic: bool
    score: float  # the toxicity figure the verdict used, 0..1
    intent: Intent
    reasons: tuple[str, ...] = ()  # human-readable: why `toxic` is what it is
    errors: tuple[str, ...] = ()  # a step that failed says so here instead of raising
    truncated: bool = False  # the text was longer than the analysed cap
    versions: Mapping[str, str] = field(default_factory=dict)

    @property
    def needs_review(self) -> bool:
        """A failed step means the verdict is incomplete: a human should look."""
        return bool(self.errors)

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of `kuzet check --json` and `kuzet scan`."""
        return {
            "lang": str(self.lang),
            "toxic": self.toxic,
            "score": round(self.score, 4),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "matches": [
                {
                    "term": m.term,
                    "root": m.root,
                    "category": str(m.category),
                    "severity": m.severity,
                    "lang": m.lang,
                    "start": m.start,
                    "end": m.end,
                    "source": m.source,
                    "mentioned": m.mentioned,
                }
                for m in self.matches
            ],
            "intent": str(self.intent),
            "reasons": list(self.reasons),
            "errors": list(self.errors),
            "normalized": self.normalized,
            "truncated": self.truncated,
        }
