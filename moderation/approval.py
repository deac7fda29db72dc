"""The approval card's state machine: which moderator taps apply in which state, and what
each one does (actions on the platform, the training label it yields).

Draft cards: pending → approved / edited / rejected / expired.
Moderation cards: held → hidden / allowed / banned; hidden → restored / confirmed / banned;
an automatic ban → restored (unban and restore).
The first moderator to act wins: a card that someone handled (or that changed since the
moderator saw it) answers AlreadyHandled, except to an explicit undo. Storage enforces the
same rule across processes with compare-and-set on `Card.version`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from moderation.decision import ActionKind
from moderation.errors import AlreadyHandled, InvalidTransition
from moderation.records import Card, CardState, SampleLabel

S = CardState


class Resolution(StrEnum):
    """A moderator's tap (or the scheduler's expiry)."""

    SEND = "send"
    EDIT = "edit"
    REJECT = "reject"
    EXPIRE = "expire"
    RESTORE = "restore"
    HIDE = "hide"
    ALLOW = "allow"
    BAN = "ban"


R = Resolution

TRANSITIONS: dict[CardState, dict[Resolution, CardState]] = {
    S.PENDING: {R.SEND: S.APPROVED, R.EDIT: S.EDITED, R.REJECT: S.REJECTED, R.EXPIRE: S.EXPIRED},
    S.HELD: {R.HIDE: S.HIDDEN, R.ALLOW: S.ALLOWED, R.BAN: S.BANNED},
    S.HIDDEN: {R.RESTORE: S.RESTORED, R.HIDE: S.CONFIRMED, R.BAN: S.BANNED},
    # Reachable only by undo: a moderator changing their mind.
    S.CONFIRMED: {R.RESTORE: S.RESTORED, R.BAN: S.BANNED},
    S.RESTORED: {R.HIDE: S.HIDDEN, R.BAN: S.BANNED},
    S.ALLOWED: {R.HIDE: S.HIDDEN, R.BAN: S.BANNED},
    S.BANNED: {R.RESTORE: S.RESTORED},
}

# The undo of a handled card's state: the tap that puts things back.
UNDO: dict[CardState, Resolution] = {
    S.RESTORED: R.HIDE,
    S.ALLOWED: R.HIDE,
    S.CONFIRMED: R.RESTORE,
    S.HIDDEN: R.RESTORE,
    S.BANNED: R.RESTORE,
}

_OPEN = frozenset({S.PENDING, S.HELD, S.HIDDEN, S.BANNED})  # BANNED: an automatic ban
_VISIBLE = frozenset({S.HELD, S.RESTORED, S.ALLOWED})  # states where the comment is shown

LABELS: dict[Resolution, SampleLabel] = {
    R.SEND: SampleLabel.REPLY_APPROVED,
    R.EDIT: SampleLabel.REPLY_EDITED,
    R.REJECT: SampleLabel.REPLY_REJECTED,
    R.RESTORE: SampleLabel.CLEAN,
    R.ALLOW: SampleLabel.CLEAN,
    R.HIDE: SampleLabel.TOXIC,
    R.BAN: SampleLabel.TOXIC,
}


def is_open(card: Card) -> bool:
    """Waiting for a moderator: not handled yet and in a state with buttons."""
    return card.handled_by is None and card.state in _OPEN


def apply(
    card: Card,
    resolution: Resolution,
    by: str,
    at: datetime,
    *,
    undo: bool = False,
    seen_version: int | None = None,
) -> Card:
    """The card after `resolution`, not yet stored (its `version` is the expected one)."""
    if seen_version is not None and seen_version != card.version:
        raise AlreadyHandled(card.id, str(card.state), card.handled_by)
    if not undo and not is_open(card):
        raise AlreadyHandled(card.id, str(card.state), card.handled_by)
    target = TRANSITIONS.get(card.state, {}).get(resolution)
    if target is None:
        raise InvalidTransition(f"{resolution} does not apply to a {card.state} card")
    return replace(card, state=target, handled_by=by, handled_at=at)


def undo_resolution(card: Card) -> Resolution:
    """The tap that reverses a handled card; InvalidTransition for sent replies and the like."""
    found = UNDO.get(card.state)
    if found is None or card.handled_by is None:
        raise InvalidTransition(f"a {card.state} card has nothing to undo")
    return found


@dataclass(frozen=True, slots=True)
class Effects:
    """What a resolution does on the platform and what it teaches the model."""

    actions: tuple[ActionKind, ...]
    label: SampleLabel | None


def effects(before: CardState, resolution: Resolution) -> Effects:
    """Platform actions for a resolution applied to a card in state `before`."""
    label = LABELS.get(resolution)
    if resolution in (R.SEND, R.EDIT):
        return Effects((ActionKind.REPLY,), label)
    if resolution is R.RESTORE:
        if before is S.BANNED:
            return Effects((ActionKind.UNBAN, ActionKind.RESTORE), label)
        return Effects((ActionKind.RESTORE,), label)
    if resolution is R.HIDE:
        return Effects((ActionKind.HIDE,) if before in _VISIBLE else (), label)
    if resolution is R.BAN:
        kinds = (ActionKind.HIDE, ActionKind.BAN) if before in _VISIBLE else (ActionKind.BAN,)
        return Effects(kinds, label)
    return Effects((), label)  # allow, reject, expire: nothing on the platform
