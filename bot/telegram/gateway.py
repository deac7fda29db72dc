"""The Telegram `PlatformGateway`: hide, restore, ban, unban, mute and reply in groups.

Telegram cannot hide a message, so hide = `deleteMessage` (the text stays in the database
and on the card) and restore = the bot re-posting the text as a quote naming the author.
A ban or mute applies in every chat of the author's community; an author writing as a
channel is banned with `banChatSenderChat`. Errors are the transport's typed errors; a
deletion that finds the message gone is done, and so is an unban of someone not banned.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.types import ChatPermissions, ReplyParameters

from bot.telegram.errors import MessageGone
from bot.telegram.polling import KeyValue
from bot.telegram.texts import ui
from moderation.comment import Comment, UserRef

log = logging.getLogger(__name__)

# Telegram treats until_date less than 30 s ahead as "forever": never send one that close.
MIN_UNTIL = timedelta(seconds=60)
MUTED = ChatPermissions(
    can_send_messages=False,
    can_send_audios=False,
    can_send_documents=False,
    can_send_photos=False,
    can_send_videos=False,
    can_send_video_notes=False,
    can_send_voice_notes=False,
    can_send_polls=False,
    can_send_other_messages=False,
    can_add_web_page_previews=False,
)


def safe_until(until: datetime, now: datetime) -> datetime:
    return max(until, now + MIN_UNTIL)


class TelegramGateway:
    def __init__(
        self,
        bot: Bot,
        community_chats: Mapping[str, tuple[int, ...]],
        languages: Mapping[str, str] | None = None,
        reposts: KeyValue | None = None,
    ) -> None:
        self.bot = bot
        self._chats = dict(community_chats)
        self._languages = dict(languages or {})
        # Where a restored comment now lives (the bot's re-post), so a later hide of the
        # same comment (a moderator's undo) deletes the re-post rather than nothing.
        self._reposts = reposts

    @staticmethod
    def _repost_key(comment: Comment) -> str:
        return f"tg:repost:{comment.chat_id}:{comment.comment_id}"

    async def _delete(self, chat_id: int, message_id: int) -> None:
        try:
            await self.bot.delete_message(chat_id, message_id)
        except MessageGone:
            log.info("telegram: message %s in %s already deleted", message_id, chat_id)

    def _chats_of(self, user: UserRef) -> list[int]:
        chats = list(self._chats.get(user.community_id, ()))
        if user.chat_id is not None and int(user.chat_id) not in chats:
            chats.append(int(user.chat_id))
        return chats

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        # The re-post is looked up first: a database failure then fails the hide before
        # anything happened, never after Telegram deleted the message.
        # `reposted=False` (an automatic hide: nobody restored it yet) reads nothing.
        repost = None
        if reposted and self._reposts is not None:
            repost = await self._reposts.get(self._repost_key(comment))
        await self._delete(int(comment.chat_id), int(comment.comment_id))
        if repost:
            await self._delete(int(comment.chat_id), int(repost))

    async def restore(self, comment: Comment) -> str | None:
        lang = self._languages.get(comment.community_id, "ru")
        header = html.escape(ui(lang, "restore.header", author=comment.author.display))
        text = f"{header}\n<blockquote>{html.escape(comment.text)}</blockquote>"
        anchor = comment.reply_to or comment.post_id
        reply = (
            ReplyParameters(message_id=int(anchor), allow_sending_without_reply=True)
            if anchor is not None
            else None
        )
        sent = await self.bot.send_message(
            int(comment.chat_id), text, parse_mode="HTML", reply_parameters=reply
        )
        if self._reposts is not None:
            await self._reposts.set(self._repost_key(comment), str(sent.message_id))
        return str(sent.message_id)

    async def ban(self, user: UserRef, until: datetime | None) -> None:
        now = datetime.now(UTC)
        for chat_id in self._chats_of(user):
            if user.is_channel:
                # A channel cannot be banned for a while: sender-chat bans are permanent.
                await self.bot.ban_chat_sender_chat(chat_id, int(user.user_id))
            else:
                await self.bot.ban_chat_member(
                    chat_id,
                    int(user.user_id),
                    until_date=safe_until(until, now) if until is not None else None,
                    revoke_messages=False,
                )

    async def unban(self, user: UserRef) -> None:
        for chat_id in self._chats_of(user):
            if user.is_channel:
                await self.bot.unban_chat_sender_chat(chat_id, int(user.user_id))
            else:
                await self.bot.unban_chat_member(chat_id, int(user.user_id), only_if_banned=True)

    async def mute(self, user: UserRef, until: datetime) -> None:
        if user.is_channel:
            await self.ban(user, until)  # a sender chat has no permissions to restrict
            return
        until = safe_until(until, datetime.now(UTC))
        for chat_id in self._chats_of(user):
            await self.bot.restrict_chat_member(chat_id, int(user.user_id), MUTED, until_date=until)

    async def reply(self, comment: Comment, text: str) -> str:
        sent = await self.bot.send_message(
            int(comment.chat_id),
            text,
            reply_parameters=ReplyParameters(
                message_id=int(comment.comment_id), allow_sending_without_reply=True
            ),
        )
        return str(sent.message_id)
