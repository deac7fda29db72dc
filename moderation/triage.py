"""Which cards need a moderator's eye one by one, and which only need to be seen.

A certain auto-hide — lexicon-certain obscenity, spam, a blacklisted author's comment — is
routine: the bot is sure, a moderator only needs to be able to undo it. Such cards go to
one rolling "hidden recently" message per moderators' chat (a line each, Restore per
line). Everything a human should decide — held comments, hides on softer evidence (insults,
the model alone, the night's stricter rule), automatic bans and reply drafts — gets a card
of its own.
"""

from __future__ import annotations

from moderation.decision import ReasonCode, Verdict
from moderation.records import Card, CardKind, CardState

# Lexicon categories whose hit is certain enough to need no decision.
CERTAIN_CATEGORIES = frozenset({"obscene", "spam"})
NEEDS_A_HUMAN = frozenset({"threat", "slur"})


def is_routine(card: Card) -> bool:
    """True for a certain auto-hide that belongs on the rolling card."""
    if card.kind is not CardKind.MODERATION or card.verdict is not Verdict.HIDE:
        return False
    if card.state not in (CardState.HIDDEN, CardState.RESTORED, CardState.CONFIRMED):
        return False
    codes = {reason.code for reason in card.reasons}
    if ReasonCode.NIGHT in codes and ReasonCode.STRIKE not in codes:
        return False  # held by day, hidden only because it is night: a human decides
    if codes & {ReasonCode.SPAM, ReasonCode.BLACKLISTED}:
        return True
    for reason in card.reasons:
        if reason.code is ReasonCode.TOXIC:
            categories = set(reason.detail.split(","))
            # A threat or hate speech needs a human even next to a swear word.
            return bool(categories & CERTAIN_CATEGORIES) and not categories & NEEDS_A_HUMAN
    return False
