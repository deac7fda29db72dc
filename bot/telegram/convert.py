"""Telegram updates → platform-neutral `moderation.Comment` (pure; no I/O).

The only code that knows what a Telegram message looks like. It decides what is *not*
moderated: the channel's own post copies in the discussion group (user 777000 /
`is_automatic_forward`), anonymous admins (1087968824 writing as the group itself), the
bot's own messages, and service messages with no text. A user posting "as a channel"
(136817688 + a foreign `sender_chat`) is moderated and the author is that sender chat, so
bans go to `banChatSenderChat`. An edit is a new revision numbered by its `edit_date`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiogram.types import Message

from moderation.comment import Author, Comment, Platform

TELEGRAM_SERVICE_ID = 777000  # posts the channel's auto-forwarded copies
GROUP_ANONYMOUS_BOT_ID = 1087968824  # anonymous admins write as this user
CHANNEL_BOT_ID = 136817688  # users writing "as a channel"
MESSAGE_KINDS = ("message", "edited_message")


def message_dict(message: Message | Mapping[str, Any]) -> dict[str, Any]:
    """The Bot API JSON of a message, whether we got aiogram's model or the raw dict."""
    if isinstance(message, Message):
        return message.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dict(message)


def utf16_slice(text: str, offset: int, length: int) -> str:
    """Telegram counts entity offsets in UTF-16 code units (emoji take two)."""
    encoded = text.encode("utf-16-le")
    return encoded[offset * 2 : (offset + length) * 2].decode("utf-16-le", errors="replace")


def links_of(text: str, entities: list[dict[str, Any]] | None) -> tuple[str, ...]:
    found: list[str] = []
    for entity in entities or ():
        kind = entity.get("type")
        if kind == "text_link" and entity.get("url"):
            found.append(str(entity["url"]))
        elif kind == "url":
            found.append(utf16_slice(text, int(entity["offset"]), int(entity["length"])))
    return tuple(dict.fromkeys(found))


def _name(user: Mapping[str, Any]) -> str | None:
    if "title" in user:
        return str(user["title"])
    parts = [user.get("first_name"), user.get("last_name")]
    joined = " ".join(str(p) for p in parts if p)
    return joined or None


def is_moderated(message: Mapping[str, Any], bot_id: int) -> bool:
    """False for messages Kuzet must leave alone (see the module docstring)."""
    sender = message.get("from") or {}
    sender_id = sender.get("id")
    chat_id = (message.get("chat") or {}).get("id")
    sender_chat = message.get("sender_chat") or {}
    if message.get("is_automatic_forward") or sender_id == TELEGRAM_SERVICE_ID:
        return False
    if sender_id == bot_id:
        return False
    if sender_chat and sender_chat.get("id") == chat_id:
        return False  # an anonymous admin writing as the group itself
    if sender_id == GROUP_ANONYMOUS_BOT_ID:
        return False
    return bool(sender) or bool(sender_chat)


def author_of(message: Mapping[str, Any]) -> Author:
    sender_chat = message.get("sender_chat")
    if sender_chat:
        return Author(
            id=str(sender_chat["id"]),
            name=_name(sender_chat),
            is_channel=True,
            username=sender_chat.get("username"),
        )
    user = message.get("from") or {}
    return Author(id=str(user.get("id")), name=_name(user), username=user.get("username"))


def message_link(chat: Mapping[str, Any], message_id: int | str) -> str | None:
    """A t.me link moderators can open (public username, or the /c/ form for supergroups)."""
    if chat.get("username"):
        return f"https://t.me/{chat['username']}/{message_id}"
    chat_id = str(chat.get("id", ""))
    if chat_id.startswith("-100"):
        return f"https://t.me/c/{chat_id[4:]}/{message_id}"
    return None


def convert_message(
    message: Message | Mapping[str, Any], community_id: str, bot_id: int
) -> Comment | None:
    """The comment a group/supergroup/discussion message is, or None when not moderated."""
    raw = message_dict(message)
    if not is_moderated(raw, bot_id):
        return None
    body = raw.get("text")
    entities = raw.get("entities")
    if body is None:
        body, entities = raw.get("caption"), raw.get("caption_entities")
    body = body or ""
    quote = (raw.get("quote") or {}).get("text")
    text = f"«{quote}»\n{body}" if quote else body
    links = links_of(body, entities)
    if not text.strip() and not links:
        return None  # stickers, joins, pins: nothing to read
    chat = raw.get("chat") or {}
    edit_date = raw.get("edit_date")
    reply = raw.get("reply_to_message") or {}
    thread = raw.get("message_thread_id")
    metadata = {"chat_type": str(chat.get("type", ""))}
    if thread is not None:
        metadata["thread_id"] = str(thread)
    link = message_link(chat, raw["message_id"])
    if link:
        metadata["link"] = link
    if chat.get("title"):
        metadata["chat_title"] = str(chat["title"])
    if quote:
        metadata["quote"] = str(quote)
    sender = raw.get("from") or {}
    if raw.get("sender_chat") and sender.get("id") is not None:
        metadata["via_user"] = str(sender["id"])
    replied_user = _replied_user(reply, bot_id)
    if replied_user:
        metadata["reply_to_user"] = replied_user  # people talking to each other: no draft
    return Comment(
        platform=Platform.TELEGRAM,
        community_id=community_id,
        chat_id=str(chat.get("id")),
        post_id=str(thread) if thread is not None else None,
        comment_id=str(raw["message_id"]),
        revision=int(edit_date or 0),
        author=author_of(raw),
        text=text,
        created_at=datetime.fromtimestamp(int(edit_date or raw.get("date") or 0), UTC),
        reply_to=str(reply["message_id"]) if reply.get("message_id") is not None else None,
        links=links,
        forwarded=bool(raw.get("forward_origin") or raw.get("forward_date")),
        metadata=metadata,
    )


def _replied_user(reply: Mapping[str, Any], bot_id: int) -> str | None:
    """The person a message answers, when it answers a person (not the post, not the bot,
    not an admin writing as the group or a channel)."""
    if not reply or reply.get("is_automatic_forward") or reply.get("sender_chat"):
        return None
    sender = reply.get("from") or {}
    not_people = (None, bot_id, TELEGRAM_SERVICE_ID, GROUP_ANONYMOUS_BOT_ID)
    if sender.get("is_bot") or sender.get("id") in not_people:
        return None
    return str(sender["id"])


def update_message(update: Mapping[str, Any]) -> dict[str, Any] | None:
    """The (possibly edited) group message an update carries, if any."""
    for kind in MESSAGE_KINDS:
        if kind in update:
            return dict(update[kind])
    return None


def convert_update(
    update: Mapping[str, Any], communities: Mapping[int, str], bot_id: int
) -> Comment | None:
    """The comment in a raw update from a moderated chat; None for anything else."""
    message = update_message(update)
    if message is None:
        return None
    community_id = communities.get(int((message.get("chat") or {}).get("id", 0)))
    if community_id is None:
        return None
    return convert_message(message, community_id, bot_id)
