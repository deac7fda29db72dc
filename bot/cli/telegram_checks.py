"""`kuzet doctor`, Telegram part: the token, and the bot's place in every configured chat.

It asks Telegram the same questions `kuzet run` depends on — getMe, getChat and
getChatMember of the bot in each moderated chat and moderators' chat — and words every
answer as a check with its fix. Rights come from `bot.telegram.rights.REQUIRED`, so the
doctor and the start-up report cannot disagree.
"""

from __future__ import annotations

from aiogram import Bot

from bot.cli.checklist import Check
from bot.config import CommunityConfig, Config
from bot.telegram.errors import InvalidToken, TelegramGatewayError
from bot.telegram.rights import REQUIRED, inspect_chat
from bot.telegram.transport import RetryPolicy, make_bot

# How each right is called in the Telegram apps' admin settings.
RIGHT_NAMES = {"can_delete_messages": "Delete messages", "can_restrict_members": "Ban users"}
QUICK = RetryPolicy(max_attempts=2, max_rate_limited=1, max_retry_after=5.0, base_delay=0.5)


async def telegram_checks(config: Config, timeout: float = 15.0) -> list[Check]:
    telegram = config.telegram
    needed = [c for c in config.communities if c.platform == "telegram" or c.moderators_chat]
    if not telegram.token:
        if not needed:
            return []
        return [
            Check.fail(
                "Telegram token",
                "set [telegram] token or KUZET_TELEGRAM_TOKEN to the token @BotFather gave",
            )
        ]
    try:
        bot = make_bot(telegram.token, telegram.api_base, retry=QUICK, pacing=None, timeout=timeout)
    except InvalidToken:
        return [
            Check.fail(
                "Telegram token is well-formed",
                "expected '<digits>:<secret>' exactly as @BotFather gave it",
            )
        ]
    try:
        return await _with_bot(bot, config)
    finally:
        await bot.session.close()


async def _with_bot(bot: Bot, config: Config) -> list[Check]:
    try:
        me = await bot.get_me()
    except InvalidToken as exc:
        return [
            Check.fail(
                "Telegram accepts the token",
                f"{exc.description}: copy the token again from @BotFather",
            )
        ]
    except TelegramGatewayError as exc:
        return [
            Check.fail(
                f"Telegram API reachable at {config.telegram.api_base}",
                f"{exc}: check the network or [telegram] api_base",
            )
        ]
    checks = [Check.ok(f"Telegram accepts the token: bot @{me.username} (id {me.id})")]
    if not me.can_read_all_group_messages:
        checks.append(
            Check.warn(
                "Telegram privacy mode is on",
                "an administrator bot still reads every message; to be safe: @BotFather → "
                "/setprivacy → Disable, then remove and re-add the bot to each chat",
            )
        )
    checks += await _webhook_checks(bot, config)
    for community in config.communities:
        for chat_id in community.telegram_chats:
            checks += await _moderated_chat(bot, me.id, community, chat_id)
    mods = dict.fromkeys(c.moderators_chat for c in config.communities if c.moderators_chat)
    for chat_id in mods:
        assert chat_id is not None
        checks.append(await _moderators_chat(bot, me.id, chat_id))
    return checks


async def _webhook_checks(bot: Bot, config: Config) -> list[Check]:
    telegram = config.telegram
    if telegram.mode != "webhook":
        return []
    checks = []
    if not telegram.webhook_url.startswith("https://"):
        checks.append(
            Check.fail(
                "Telegram webhook URL is HTTPS",
                "Telegram only calls https:// URLs: put Kuzet behind a TLS "
                "proxy (see docs/deploy.md) and set that URL",
            )
        )
    if not config.http.enabled:
        checks.append(Check.fail("HTTP server on for the webhook", "set [http] enabled = true"))
    try:
        info = await bot.get_webhook_info()
    except TelegramGatewayError as exc:
        return [*checks, Check.warn("Telegram webhook state", f"getWebhookInfo failed: {exc}")]
    if info.last_error_message:
        checks.append(
            Check.warn(
                f"Telegram webhook delivers to {info.url}",
                f"Telegram's last error: {info.last_error_message}: check the "
                "proxy, the certificate and that kuzet run is up",
            )
        )
    return checks


async def _moderated_chat(
    bot: Bot, bot_id: int, community: CommunityConfig, chat_id: int
) -> list[Check]:
    where = f"Telegram chat {chat_id} ({community.id})"
    seen = await inspect_chat(bot, chat_id, bot_id)
    if seen.error:
        return [
            Check.fail(
                f"{where}: the bot can see it",
                f"Telegram says {seen.error!r}: add the bot to the chat, then send "
                "/id there to confirm the id",
            )
        ]
    if seen.chat_type == "channel":
        group = str(seen.linked_chat_id) if seen.linked_chat_id else "its discussion group"
        return [
            Check.fail(
                f"{where} is a channel",
                f"comments live in the discussion group: list {group} in chats "
                "instead (channel → Settings → Discussion)",
            )
        ]
    if not seen.admin:
        return [
            Check.fail(
                f"{where}: the bot is an administrator (now: {seen.status})",
                "chat → Administrators → Add admin → the bot, with "
                + " and ".join(RIGHT_NAMES.values()),
            )
        ]
    checks = [Check.ok(f"{where} {seen.title!r}: the bot is an administrator")]
    for right in REQUIRED:
        name = f"{where}: right {RIGHT_NAMES[right]!r} ({right})"
        if right in seen.missing:
            checks.append(
                Check.fail(
                    name, f"chat → Administrators → the bot → turn on {RIGHT_NAMES[right]!r}"
                )
            )
        else:
            checks.append(Check.ok(name))
    return checks


async def _moderators_chat(bot: Bot, bot_id: int, chat_id: int) -> Check:
    where = f"Moderators' chat {chat_id}"
    seen = await inspect_chat(bot, chat_id, bot_id)
    if seen.error or not seen.present:
        why = seen.error or f"the bot's status is {seen.status!r}"
        return Check.fail(
            f"{where}: the bot is a member",
            f"{why}: add the bot to the chat (send /id there to confirm the id)",
        )
    if not seen.can_send:
        return Check.fail(
            f"{where}: the bot may send messages", "lift the bot's restrictions in that chat"
        )
    return Check.ok(f"{where} {seen.title!r}: the bot is a member and may send cards")
