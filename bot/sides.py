"""How a platform plugs into the running app: the `Kernel` it gets and the `Side` it gives.

The composition root (`bot.app`) builds the kernel (config, database, repositories, inbox,
detector, moderation service, HTTP app), then asks each configured platform for its side.
A side registers its gateway with the router, may provide the moderators' notifier
(Telegram does), adds HTTP routes (VK callback, Telegram webhook) and runs its ingest
(polling / long poll) between `start` and `stop`. Platforms never import each other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.config import Config
from bot.detection import DetectorAnalyzer
from bot.http.app import HttpApp
from bot.storage import Database
from bot.storage.repositories import InboxRepository, StateRepository
from moderation.comment import Comment, Platform, UserRef
from moderation.ports import Clock, Digest, ModeratorNotifier, PlatformGateway, Repositories
from moderation.records import Card
from moderation.service import ModerationService


class GatewayRouter:
    """One `PlatformGateway` for the service, dispatching on the comment's platform."""

    def __init__(self) -> None:
        self._gateways: dict[Platform, PlatformGateway] = {}

    def register(self, platform: Platform, gateway: PlatformGateway) -> None:
        self._gateways[platform] = gateway

    def for_platform(self, platform: Platform) -> PlatformGateway:
        try:
            return self._gateways[platform]
        except KeyError:
            raise PlatformNotConfigured(f"{platform} is not configured in this instance") from None

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        await self.for_platform(comment.platform).hide(comment, reposted=reposted)

    async def restore(self, comment: Comment) -> str | None:
        return await self.for_platform(comment.platform).restore(comment)

    async def ban(self, user: UserRef, until: datetime | None) -> None:
        await self.for_platform(user.platform).ban(user, until)

    async def unban(self, user: UserRef) -> None:
        await self.for_platform(user.platform).unban(user)

    async def mute(self, user: UserRef, until: datetime) -> None:
        await self.for_platform(user.platform).mute(user, until)

    async def reply(self, comment: Comment, text: str) -> str:
        return await self.for_platform(comment.platform).reply(comment, text)


class PlatformNotConfigured(Exception):
    """An action for a platform this instance has no side for."""


class SideStartupError(Exception):
    """A side cannot start (missing/invalid token, unreachable API): the message says what
    to fix; `kuzet run` prints it and exits instead of running half-configured."""


class NotifierSlot:
    """The service's notifier, filled in by the side that owns the moderators' chat."""

    def __init__(self) -> None:
        self.target: ModeratorNotifier | None = None

    def _require(self) -> ModeratorNotifier:
        if self.target is None:
            raise PlatformNotConfigured("no moderators' chat: configure [telegram] token")
        return self.target

    async def post_card(self, card: Card) -> str:
        return await self._require().post_card(card)

    async def edit_card(self, card: Card) -> None:
        await self._require().edit_card(card)

    async def send_digest(self, digest: Digest) -> None:
        await self._require().send_digest(digest)


@dataclass
class Kernel:
    """Everything a side may use; built once by `bot.app.build_kernel`."""

    config: Config
    db: Database
    repos: Repositories
    inbox: InboxRepository
    state: StateRepository
    analyzer: DetectorAnalyzer
    service: ModerationService
    router: GatewayRouter
    notifier: NotifierSlot
    http: HttpApp
    clock: Clock
    wake_worker: Callable[[], None] = field(default=lambda: None)
    extras: dict[str, Any] = field(default_factory=dict)


class Side(Protocol):
    """A platform's contribution to the running app."""

    platform: Platform

    async def start(self) -> None:
        """Check tokens/rights (reporting what is missing), then begin ingest."""
        ...

    async def stop(self) -> None: ...


SideFactory = Callable[[Kernel], Awaitable[Side | None]]
