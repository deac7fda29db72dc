"""`/id`: the numbers a config needs — this chat's id, the sender's id, and the ids of the
author of the message it replies to (or forwards), so an admin can fill in `chats`,
`moderators_chat`, `telegram.admins` and allowlists without third-party bots.

It answers in any chat, configured or not (that is when it is needed most): in a private
chat to anyone, in a group only to the chat's administrators (including an anonymous admin
writing as the group) and to `telegram.admins`, so members cannot make the bot chatter in
a moderated group. A channel post `/id` is answered in the channel. A "done" mark in the
state table keeps a re-delivered update from being answered twice.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from aiogram import Bot
from aiogram.types import ReplyParameters

from bot.scheduler import DONE_MARK_PREFIX
from bot.telegram.errors import TelegramGatewayError
from bot.telegram.staff import Staff

log = logging.getLogger(__name__)

GROUP_ANONYMOUS_BOT_ID = 1087968824  # an anonymous admin writes as this user
LABELS = {
    "kk": {"chat": "Чат", "you": "Сіз", "author": "Жауап берілген хабарлама авторы",
           "forwarded": "Қайта жіберілген хабарлама көзі", "linked": "Байланысқан чат"},
    "ru": {"chat": "Чат", "you": "Вы", "author": "Автор сообщения, на которое вы ответили",
           "forwarded": "Источник пересланного сообщения", "linked": "Связанный чат"},
    "en": {"chat": "Chat", "you": "You", "author": "Author of the replied message",
           "forwarded": "Forwarded from", "linked": "Linked chat"},
}  # fmt: skip


class StateStore(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...


def is_id_command(text: str, bot_username: str | None, *, anyone: bool = False) -> bool:
    """ "/id" or "/id@this_bot" (any arguments ignored); "/id@other_bot" is not ours.
    `anyone`: "/id@whoever" counts too (while our username is not known yet)."""
    head = text.split(maxsplit=1)[0] if text.strip() else ""
    name, _, addressee = head.partition("@")
    if name.lower() != "/id":
        return False
    return anyone or not addressee or (bot_username or "").lower() == addressee.lower()


def language_of(message: dict[str, Any]) -> str:
    code = str((message.get("from") or {}).get("language_code") or "")
    return code[:2] if code[:2] in LABELS else "en"


def _party(user_or_chat: dict[str, Any]) -> str:
    name = user_or_chat.get("title") or " ".join(
        str(user_or_chat[k]) for k in ("first_name", "last_name") if user_or_chat.get(k)
    )
    handle = f" @{user_or_chat['username']}" if user_or_chat.get("username") else ""
    return f"{user_or_chat.get('id')} ({name}{handle})" if name else str(user_or_chat.get("id"))


def _origin(message: dict[str, Any]) -> dict[str, Any] | None:
    origin = message.get("forward_origin") or {}
    return origin.get("sender_user") or origin.get("sender_chat") or origin.get("chat")


def describe_ids(message: dict[str, Any], linked_chat_id: int | None) -> str:
    """The answer: one labelled id per line, in the sender's Telegram language."""
    label = LABELS[language_of(message)]
    chat = message.get("chat") or {}
    lines = [f"{label['chat']}: {chat.get('id')} ({chat.get('type')})"]
    if linked_chat_id is not None:
        lines.append(f"{label['linked']}: {linked_chat_id}")
    sender = message.get("sender_chat") or message.get("from")
    if sender and (sender.get("id") != chat.get("id") or chat.get("type") == "private"):
        lines.append(f"{label['you']}: {_party(sender)}")
    reply = message.get("reply_to_message") or {}
    replied = reply.get("sender_chat") or reply.get("from")
    if replied:
        lines.append(f"{label['author']}: {_party(replied)}")
    origin = _origin(reply) or _origin(message)
    if origin:
        lines.append(f"{label['forwarded']}: {_party(origin)}")
    return "\n".join(lines)


async def _may_ask(staff: Staff, message: dict[str, Any]) -> bool:
    chat = message.get("chat") or {}
    if chat.get("type") in ("private", "channel"):
        return True  # only the owner of a private chat / a channel's admins can write there
    sender = message.get("from") or {}
    if sender.get("id") == GROUP_ANONYMOUS_BOT_ID:
        return (message.get("sender_chat") or {}).get("id") == chat.get("id")
    return await staff.is_admin(int(chat["id"]), int(sender.get("id", 0)))


async def answer_id(bot: Bot, staff: Staff, state: StateStore, update: dict[str, Any]) -> bool:
    """Answer `/id` in `update`; False when the update is not an `/id` for us."""
    message = update.get("message") or update.get("channel_post")
    if not message or not is_id_command(str(message.get("text") or ""), None, anyone=True):
        return False  # the common case, decided without a call to Telegram
    me = await bot.me()
    if not is_id_command(message["text"], me.username) or not await _may_ask(staff, message):
        return False
    chat_id = int(message["chat"]["id"])
    done = f"{DONE_MARK_PREFIX}id:{chat_id}:{message.get('message_id')}"
    if await state.get(done) is not None:
        return True
    linked: int | None = None
    if message["chat"].get("type") != "private":
        try:
            linked = (await bot.get_chat(chat_id)).linked_chat_id
        except TelegramGatewayError as exc:  # the ids themselves are still worth sending
            log.info("telegram: getChat %s for /id failed: %s", chat_id, exc)
    await bot.send_message(
        chat_id,
        describe_ids(message, linked),
        reply_parameters=ReplyParameters(
            message_id=int(message["message_id"]), allow_sending_without_reply=True
        ),
    )
    await state.set(done, "1")
    return True
