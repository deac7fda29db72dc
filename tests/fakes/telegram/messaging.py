"""Message methods: send, edit, delete (48 h rule, rights), callback answers.

`store_message` is also how scenarios create users' messages, so the bot's messages and
the users' live in one model and follow one set of rules.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.telegram.access import (
    MESSAGE_DELETE_WINDOW,
    bot_in_chat,
    find_chat,
)
from tests.fakes.telegram.clock import VirtualClock
from tests.fakes.telegram.envelope import bad_request
from tests.fakes.telegram.objects import chat_json, user_json, without_reply
from tests.fakes.telegram.world import Chat, StoredMessage, User, World

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
MAX_TEXT = 4096
MAX_CAPTION = 1024


def store_message(
    chat: Chat,
    date: int,
    *,
    sender: User | None,
    sender_chat: Chat | None = None,
    reply_to: StoredMessage | None = None,
    thread_id: int | None = None,
    **fields: Any,
) -> StoredMessage:
    message_id = chat.take_message_id()
    data: dict[str, Any] = {"message_id": message_id, "date": date}
    if thread_id is not None:
        data["message_thread_id"] = thread_id
    if sender is not None:
        data["from"] = user_json(sender)
    if sender_chat is not None:
        data["sender_chat"] = chat_json(sender_chat)
    data["chat"] = chat_json(chat)
    if reply_to is not None:
        data["reply_to_message"] = without_reply(reply_to.data)
    data.update({k: v for k, v in fields.items() if v is not None})
    stored = StoredMessage(
        chat.id,
        message_id,
        date,
        data,
        sender_id=sender.id if sender else None,
        sender_chat_id=sender_chat.id if sender_chat else None,
        thread_id=thread_id,
    )
    chat.messages[message_id] = stored
    return stored


def live_message(chat: Chat, message_id: Any) -> StoredMessage | None:
    found = chat.messages.get(message_id) if isinstance(message_id, int) else None
    return None if found is None or found.deleted else found


class Messaging:
    def __init__(self, world: World, clock: VirtualClock) -> None:
        self.world = world
        self.clock = clock
        self.photos: dict[str, bytes] = {}

    def send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        text = p.get("text", "")
        if not text.strip():
            raise bad_request("message text is empty")
        if len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
            raise bad_request("message is too long")
        reply = p.get("reply_parameters") or {}
        reply_id = reply.get("message_id", p.get("reply_to_message_id"))
        target = live_message(chat, reply_id) if reply_id is not None else None
        allow_missing = reply.get(
            "allow_sending_without_reply", p.get("allow_sending_without_reply")
        )
        if reply_id is not None and target is None and not allow_missing:
            raise bad_request("message to be replied not found")
        thread_id = target.thread_id if target is not None else p.get("message_thread_id")
        stored = store_message(
            chat,
            self.clock.now(),
            sender=self.world.bot,
            reply_to=target,
            thread_id=thread_id,
            text=text,
            entities=p.get("entities"),
            reply_markup=p.get("reply_markup"),
        )
        return stored.data

    def send_photo(self, p: dict[str, Any]) -> dict[str, Any]:
        """A photo uploaded as a multipart file; the bytes are kept in `photos` by file id."""
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        photo = p.get("photo")
        if not isinstance(photo, bytes | bytearray) or not photo:
            raise bad_request("there is no photo in the request")
        caption = p.get("caption") or ""
        if len(caption.encode("utf-16-le")) // 2 > MAX_CAPTION:
            raise bad_request("message caption is too long")
        file_id = f"photo-{len(self.photos) + 1}"
        self.photos[file_id] = bytes(photo)
        reply = p.get("reply_parameters") or {}
        reply_id = reply.get("message_id", p.get("reply_to_message_id"))
        target = live_message(chat, reply_id) if reply_id is not None else None
        size = {"file_id": file_id, "file_unique_id": file_id, "width": 900, "height": 720,
                "file_size": len(photo)}  # fmt: skip
        stored = store_message(
            chat,
            self.clock.now(),
            sender=self.world.bot,
            reply_to=target,
            photo=[size],
            caption=caption or None,
            reply_markup=p.get("reply_markup"),
        )
        return stored.data

    def _editable(self, p: dict[str, Any]) -> StoredMessage:
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        stored = live_message(chat, p.get("message_id"))
        if stored is None:
            raise bad_request("message to edit not found")
        if stored.sender_id != self.world.bot.id:
            raise bad_request("message can't be edited")
        return stored

    def edit_message_text(self, p: dict[str, Any]) -> dict[str, Any]:
        stored = self._editable(p)
        markup = p.get("reply_markup")
        if stored.data.get("text") == p.get("text") and stored.data.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        stored.data.update(text=p["text"], edit_date=self.clock.now())
        stored.data.pop("entities", None)
        if p.get("entities"):
            stored.data["entities"] = p["entities"]
        self._set_markup(stored, markup)
        return stored.data

    def edit_message_reply_markup(self, p: dict[str, Any]) -> dict[str, Any]:
        stored = self._editable(p)
        markup = p.get("reply_markup")
        if stored.data.get("reply_markup") == (markup or None):
            raise bad_request(NOT_MODIFIED)
        self._set_markup(stored, markup)
        stored.data["edit_date"] = self.clock.now()
        return stored.data

    @staticmethod
    def _set_markup(stored: StoredMessage, markup: dict[str, Any] | None) -> None:
        if markup and markup.get("inline_keyboard"):
            stored.data["reply_markup"] = markup
        else:
            stored.data.pop("reply_markup", None)

    def _check_deletable(self, chat: Chat, stored: StoredMessage) -> None:
        too_old = self.clock.now() - stored.date > MESSAGE_DELETE_WINDOW
        own = stored.sender_id == self.world.bot.id
        allowed = own or bot_in_chat(self.world, chat).can("can_delete_messages")
        if too_old or not allowed:
            raise bad_request("message can't be deleted")

    def delete_message(self, p: dict[str, Any]) -> bool:
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        stored = live_message(chat, p.get("message_id"))
        if stored is None:
            raise bad_request("message to delete not found")
        self._check_deletable(chat, stored)
        stored.deleted = True
        return True

    def delete_messages(self, p: dict[str, Any]) -> bool:
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        ids = p.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad_request("message identifiers are not specified")
        found = [m for m in (live_message(chat, i) for i in ids) if m is not None]
        for stored in found:  # all-or-nothing: check every message before deleting any
            self._check_deletable(chat, stored)
        for stored in found:
            stored.deleted = True
        return True

    def answer_callback_query(self, p: dict[str, Any]) -> bool:
        record = self.world.callbacks.get(str(p.get("callback_query_id")))
        if record is None or record.answered:
            raise bad_request(QUERY_TOO_OLD)
        record.answered = True
        record.answer = {k: v for k, v in p.items() if k != "callback_query_id"}
        return True
