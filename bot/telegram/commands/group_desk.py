"""Rose-style commands in moderated groups: who may run them, on whom, and the answers.

Only the group's admins (and the config's `telegram.admins`) are obeyed; anyone else's
command is ignored quietly (a group is no place for refusals) and audited. The command
must reply to the message of the user it is about; the bot never acts on an admin.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.types import ChatPermissions, ReplyParameters

from bot.telegram.callbacks import moderator_name
from bot.telegram.commands.group import BadTime, GroupContext, target_of
from bot.telegram.commands.registry import GROUP_COMMANDS, help_text
from bot.telegram.errors import TelegramGatewayError
from bot.telegram.staff import Staff
from bot.telegram.texts import ui
from moderation.comment import CommentKey, Platform, UserRef
from moderation.errors import ModerationError
from moderation.ports import PlatformGateway
from moderation.records import AuditEntry
from moderation.service import ModerationService

log = logging.getLogger(__name__)

UNMUTED = ChatPermissions(
    can_send_messages=True, can_send_audios=True, can_send_documents=True,
    can_send_photos=True, can_send_videos=True, can_send_video_notes=True,
    can_send_voice_notes=True, can_send_polls=True, can_send_other_messages=True,
    can_add_web_page_previews=True, can_invite_users=True,
)  # fmt: skip


def parse(text: str) -> tuple[str, str] | None:
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    return head.split("@", 1)[0].lower(), args.strip()


class GroupDesk:
    def __init__(
        self, bot: Bot, service: ModerationService, staff: Staff, gateway: PlatformGateway
    ) -> None:
        self.bot, self.service, self.staff, self.gateway = bot, service, staff, gateway

    async def handle(self, message: dict[str, Any], community_id: str) -> bool:
        """Run a group command in `message`; False when it is not one of ours."""
        parsed = parse(message.get("text") or "")
        if parsed is None or parsed[0] not in GROUP_COMMANDS:
            return False
        name, args = parsed
        chat_id = int(message["chat"]["id"])
        user = message.get("from") or {}
        settings = await self.service.settings(community_id)
        lang = settings.language
        if not await self.staff.is_admin(chat_id, int(user.get("id", 0))):
            await self.service.repos.audit.add(AuditEntry(
                community_id, f"telegram:{user.get('id')}", "command.refused",
                f"/{name} by a non-admin in {chat_id}", self.service.clock.now(),
                {"command": name},
            ))  # fmt: skip
            return True
        if name == "help":
            await self._reply(message, help_text(lang, desk=False), None)
            return True
        found = target_of(message, community_id)
        if found is None:
            await self._reply(message, ui(lang, "rose.need_reply"), None)
            return True
        target, target_name = found
        if not target.is_channel and await self.staff.is_admin(chat_id, int(target.user_id)):
            await self._reply(message, ui(lang, "rose.target_admin"), None)
            return True
        replied = message["reply_to_message"]
        key = CommentKey(Platform.TELEGRAM, str(chat_id), str(replied["message_id"]))

        async def notify(text: str) -> None:
            await self._reply(message, text, int(replied["message_id"]))

        ctx = GroupContext(
            self.service, settings, lang, moderator_name(user), args, target, target_name,
            key, notify, self._mute, self._unmute,
        )  # fmt: skip
        try:
            answer = await GROUP_COMMANDS[name].handler(ctx)
        except BadTime:
            answer = ui(lang, "rose.bad_time")
        except (ModerationError, TelegramGatewayError) as exc:
            log.warning("telegram: /%s in %s failed: %s", name, chat_id, exc)
            answer = ui(lang, "callback.failed")
        if answer:
            await self._reply(message, answer, None)
        return True

    async def _mute(self, user: UserRef, until: datetime) -> None:
        await self.gateway.mute(user, until)

    async def _unmute(self, user: UserRef) -> None:
        if user.is_channel:
            await self.gateway.unban(user)
            return
        await self.bot.restrict_chat_member(
            int(str(user.chat_id)), int(user.user_id), UNMUTED,
            use_independent_chat_permissions=True,
        )  # fmt: skip

    async def _reply(self, message: dict[str, Any], text: str, to: int | None) -> None:
        target = to if to is not None else int(message["message_id"])
        await self.bot.send_message(
            int(message["chat"]["id"]), text,
            reply_parameters=ReplyParameters(message_id=target, allow_sending_without_reply=True),
        )  # fmt: skip
