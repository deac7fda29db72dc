"""A platform gateway and a moderators' notifier that only write down what they are asked.

`kuzet moderate` runs the real pipeline against these, so a community can see what Kuzet
would have done with its comments before giving it a token. Ids it hands out are
deterministic (`rec-1`, `rec-2`, …) so reports are reproducible.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from moderation.comment import Comment, UserRef
from moderation.ports import Digest
from moderation.records import Card


@dataclass(frozen=True, slots=True)
class RecordedCall:
    method: str
    target: str
    detail: str = ""


@dataclass
class RecordingGateway:
    """Implements `moderation.ports.PlatformGateway` by recording every call."""

    calls: list[RecordedCall] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _next_id(self) -> str:
        return f"rec-{next(self._ids)}"

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        self.calls.append(RecordedCall("hide", str(comment.key)))

    async def restore(self, comment: Comment) -> str | None:
        self.calls.append(RecordedCall("restore", str(comment.key)))
        return None

    async def ban(self, user: UserRef, until: datetime | None) -> None:
        detail = until.isoformat() if until else "forever"
        self.calls.append(RecordedCall("ban", str(user), detail))

    async def unban(self, user: UserRef) -> None:
        self.calls.append(RecordedCall("unban", str(user)))

    async def mute(self, user: UserRef, until: datetime) -> None:
        self.calls.append(RecordedCall("mute", str(user), until.isoformat()))

    async def reply(self, comment: Comment, text: str) -> str:
        self.calls.append(RecordedCall("reply", str(comment.key), text))
        return self._next_id()

    def for_target(self, target: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.target == target]


@dataclass
class RecordingNotifier:
    """Implements `moderation.ports.ModeratorNotifier`: keeps cards and digests in memory."""

    cards: dict[str, Card] = field(default_factory=dict)
    digests: list[Digest] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _prefix: str = field(default_factory=lambda: secrets.token_hex(3))

    async def post_card(self, card: Card) -> str:
        # A prefix per notifier: a restarted app's new notifier never reuses a message id.
        message_id = f"card-{self._prefix}-{next(self._ids)}"
        self.cards[message_id] = card
        return message_id

    async def edit_card(self, card: Card) -> None:
        if card.message_id is not None:
            self.cards[card.message_id] = card

    async def send_digest(self, digest: Digest) -> None:
        self.digests.append(digest)
