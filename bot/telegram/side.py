"""The Telegram side of the app: bot, gateway, moderators' chat, ingest (polling/webhook).

`create_telegram_side(kernel)` builds the aiogram `Bot` through the transport (pointed at
`[telegram] api_base`), registers `TelegramGateway` for `Platform.TELEGRAM`, becomes the
service's notifier (the moderators' chat lives here, also for VK communities), and mounts
the webhook route in webhook mode. `start` checks the token (an invalid one stops the app
with a clear message), registers the commands, reports missing rights, then starts durable
polling — or sets the webhook with its secret token.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from urllib.parse import urlparse

from aiogram import Bot

from bot.reporting.monitor import MONITORING_KEY
from bot.sides import Kernel, SideStartupError
from bot.telegram.callbacks import CardDesk
from bot.telegram.cards import Place
from bot.telegram.commands import CommandDesk, GroupDesk, register_commands
from bot.telegram.commands.monitoring import TelegramMonitoringChat
from bot.telegram.errors import InvalidToken, TelegramGatewayError
from bot.telegram.gateway import TelegramGateway
from bot.telegram.ingest import TelegramIngest
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.pacing import PacingPolicy
from bot.telegram.polling import DurablePoller, KeyValueOffsetStore, PollingPolicy
from bot.telegram.rights import report_rights
from bot.telegram.staff import Staff
from bot.telegram.transport import DEFAULT_PACING, RetryPolicy, make_bot
from bot.telegram.webhook import DEFAULT_PATH, make_webhook_handler
from moderation.comment import CommentKey, Platform

log = logging.getLogger(__name__)

OPTIONS_KEY = "telegram"  # kernel.extras[OPTIONS_KEY]: TelegramSideOptions (tests, tuning)


@dataclass(frozen=True)
class TelegramSideOptions:
    retry: RetryPolicy | None = None
    pacing: PacingPolicy | None = DEFAULT_PACING
    polling: PollingPolicy | None = None
    timeout: float = 60.0


def offset_key(bot_id: int) -> str:
    return f"telegram:offset:{bot_id}"


class TelegramSide:
    platform = Platform.TELEGRAM

    def __init__(self, kernel: Kernel, bot: Bot, bot_id: int, ingest: TelegramIngest,
                 options: TelegramSideOptions) -> None:  # fmt: skip
        self.kernel, self.bot, self.bot_id, self.ingest = kernel, bot, bot_id, ingest
        self.options = options
        self.poller: DurablePoller | None = None
        self.rights_report: list[str] = []
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        config = self.kernel.config
        try:
            await self.bot.get_me()
        except InvalidToken as exc:
            raise SideStartupError(
                f"telegram.token is not accepted by {config.telegram.api_base} "
                f"({exc.description}): check the bot token from @BotFather"
            ) from None
        except TelegramGatewayError as exc:
            raise SideStartupError(f"Telegram API unreachable: {exc}") from None
        groups = {chat: c.language for c in config.communities for chat in c.telegram_chats}
        desks: dict[int, str] = {}
        for c in config.communities:
            if c.moderators_chat is not None:
                desks.setdefault(c.moderators_chat, c.language)
        try:
            await register_commands(self.bot, groups, desks)
        except TelegramGatewayError as exc:
            log.warning("telegram: setMyCommands failed: %s", exc)
        for community in config.communities:
            for chat_id in community.telegram_chats:
                line = await report_rights(
                    self.bot, self.bot_id, chat_id, community.moderators_chat, community.language
                )
                if line:
                    self.rights_report.append(line)
        telegram = config.telegram
        if telegram.mode == "webhook":
            await self.bot.set_webhook(
                telegram.webhook_url,
                secret_token=telegram.webhook_secret,
                allowed_updates=list(PollingPolicy().allowed_updates or ()),
            )
            return
        with contextlib.suppress(TelegramGatewayError):
            await self.bot.delete_webhook(drop_pending_updates=False)
        offsets = KeyValueOffsetStore(self.kernel.state, offset_key(self.bot_id))
        self.poller = DurablePoller(
            self.bot, self.ingest.store, offsets, self.options.polling,
            store_page=self.ingest.store_page,
        )  # fmt: skip
        self._task = asyncio.create_task(self._poll(self.poller), name="telegram-polling")

    async def _poll(self, poller: DurablePoller) -> None:
        try:
            await poller.run()
        except Exception:
            log.exception("telegram polling stopped")

    async def stop(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.bot.session.close()


async def create_telegram_side(kernel: Kernel) -> TelegramSide | None:
    """The Telegram side; None when there is no token and no Telegram community."""
    config = kernel.config
    token = config.telegram.token
    tg_communities = [c for c in config.communities if c.platform == "telegram"]
    if not token:
        if tg_communities:
            raise SideStartupError(
                "telegram.token is empty but Telegram communities are configured: set "
                "[telegram] token (or the KUZET_TELEGRAM_TOKEN environment variable)"
            )
        return None
    options = kernel.extras.get(OPTIONS_KEY) or TelegramSideOptions(
        pacing=PacingPolicy(group_per_minute=float(config.telegram.messages_per_minute))
    )
    try:
        bot = make_bot(
            token,
            config.telegram.api_base,
            retry=options.retry,
            pacing=options.pacing,
            timeout=options.timeout,
        )
    except InvalidToken:
        raise SideStartupError(
            "telegram.token is malformed: expected '<digits>:<secret>' as given by @BotFather"
        ) from None
    bot_id = int(token.split(":", 1)[0])
    chats = {chat: c.id for c in tg_communities for chat in c.telegram_chats}
    mods: dict[int, list[tuple[str, str]]] = {}
    for c in config.communities:  # a chat may serve several communities
        if c.moderators_chat is not None:
            mods.setdefault(c.moderators_chat, []).append((c.id, c.language))
    gateway = TelegramGateway(
        bot,
        {c.id: c.telegram_chats for c in tg_communities},
        {c.id: c.language for c in config.communities},
        kernel.state,
    )
    kernel.router.register(Platform.TELEGRAM, gateway)

    async def analysis(key: CommentKey) -> dict[str, object] | None:
        found = await kernel.repos.decisions.get(key)
        return dict(found.analysis) if found is not None else None

    places = {c.id: Place(c.name, c.timezone) for c in config.communities}
    kernel.notifier.target = TelegramNotifier(bot, analysis, places)
    staff = Staff(bot, config.telegram.admins)
    monitoring = kernel.extras.get(MONITORING_KEY)
    notifier = kernel.notifier.target
    cards = notifier if isinstance(notifier, TelegramNotifier) else None
    reminders = TelegramMonitoringChat(bot, monitoring, cards) if monitoring is not None else None
    if monitoring is not None:
        monitoring.chat = reminders
        monitoring.add_staff_source(Platform.TELEGRAM, staff)  # group admins answer too
    zones = {c.id: c.timezone for c in config.communities}
    ingest = TelegramIngest(
        kernel,
        bot_id,
        chats,
        mods,
        CardDesk(bot, kernel.service, kernel.repos, staff, kernel.clock),
        CommandDesk(bot, kernel.service, staff, zones, monitoring),
        GroupDesk(bot, kernel.service, staff, gateway),
        reminders,
    )
    if config.telegram.mode == "webhook":
        path = urlparse(config.telegram.webhook_url).path or DEFAULT_PATH
        kernel.http.add(
            "POST", path, make_webhook_handler(config.telegram.webhook_secret, ingest.store)
        )
    return TelegramSide(kernel, bot, bot_id, ingest, options)
