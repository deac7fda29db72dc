"""The morning digest: what the bot did alone overnight, for the morning shift.

Pure: `summarize` counts recorded decisions per verdict inside the night window and lists
the cards that waited for the morning; the service loads the records and sends the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from moderation.decision import Verdict
from moderation.ports import Digest
from moderation.records import Card, DecisionRecord
from moderation.settings import CommunitySettings


def summarize(
    settings: CommunitySettings,
    records: Sequence[DecisionRecord],
    cards: Sequence[Card],
    since: datetime,
    until: datetime,
) -> Digest | None:
    """The digest for [since, until); None when the community has no moderators' chat."""
    if settings.moderators_chat_id is None:
        return None
    inside = [r for r in records if since <= r.created_at < until]
    counts = Counter(r.decision.verdict for r in inside)
    queued = tuple(c for c in cards if c.night and since <= c.created_at < until)
    return Digest(
        community_id=settings.community_id,
        chat_id=settings.moderators_chat_id,
        since=since,
        until=until,
        counts={verdict: counts.get(verdict, 0) for verdict in Verdict},
        queued=queued,
        failures=sum(1 for c in queued if c.failures),
        ui_lang=settings.language,
        extra={
            "dry_run": sum(1 for r in inside if r.decision.dry_run),
            "night_review": sum(1 for r in inside if r.decision.night and r.decision.review),
        },
    )
