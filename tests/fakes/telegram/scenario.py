"""The test-facing side of the fake: people and channels doing things, called directly.

Each action changes the world as Telegram would and queues the update the bot would get:
publishing a channel post creates the 777000 auto-forward in the discussion group, a comment
lands in that copy's thread, "as a channel" uses Channel_Bot + sender_chat, an edit becomes
`edited_message`, a button press becomes `callback_query`. Actions a real client could not
perform (posting while banned, pressing a button that is not there) raise `ScenarioRefused`.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.telegram.clock import VirtualClock
from tests.fakes.telegram.membership import Membership
from tests.fakes.telegram.messaging import live_message, store_message
from tests.fakes.telegram.objects import chat_json, photo_json, user_json
from tests.fakes.telegram.updates import UpdateQueue
from tests.fakes.telegram.world import (
    ADMIN_RIGHTS,
    CHANNEL_BOT_ID,
    GROUP_ANONYMOUS_BOT_ID,
    TELEGRAM_SERVICE_ID,
    CallbackRecord,
    Chat,
    Member,
    StoredMessage,
    User,
    World,
)


class ScenarioRefused(Exception):
    """The scenario asked for something a real Telegram client could not do."""


class Scenario:
    world: World
    clock: VirtualClock
    queue: UpdateQueue
    membership: Membership

    # -- people and chats ---------------------------------------------------------------
    def add_user(self, first_name: str, **extra: Any) -> User:
        return self.world.add_user(first_name, **extra)

    def add_chat(self, title: str, type: str = "supergroup", **extra: Any) -> Chat:
        return self.world.add_chat(title, type, **extra)

    def add_channel(self, title: str, *, discussion: Chat | None = None, **extra: Any) -> Chat:
        channel = self.world.add_chat(title, "channel", **extra)
        if discussion is not None:
            channel.linked_chat_id, discussion.linked_chat_id = discussion.id, channel.id
        return channel

    def add_private_chat(self, user: User) -> Chat:
        """The user's private chat with the bot (as after pressing Start)."""
        chat = self.world.add_chat(None, "private", id=user.id, username=user.username)
        chat.first_name = user.first_name
        return chat

    def add_member(self, chat: Chat, user: User, status: str = "member") -> Member:
        chat.members[user.id] = Member(user, status=status)
        return chat.members[user.id]

    def make_admin(
        self, chat: Chat, user: User, *, creator: bool = False, **rights: bool
    ) -> Member:
        """Administrator with the given rights (default: delete + restrict + manage)."""
        unknown = set(rights) - set(ADMIN_RIGHTS)
        if unknown:
            raise ValueError(f"unknown admin rights {sorted(unknown)}")
        defaults = {
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_restrict_members": True,
            "can_invite_users": True,
        }
        member = Member(
            user, status="creator" if creator else "administrator", rights={**defaults, **rights}
        )
        chat.members[user.id] = member
        return member

    def add_bot(self, chat: Chat, *, admin: bool = True, **rights: bool) -> Member:
        if admin:
            return self.make_admin(chat, self.world.bot, **rights)
        return self.add_member(chat, self.world.bot)

    def member(self, chat: Chat, user: User) -> Member:
        return self.membership.current(chat.id, user.id)

    def message(self, chat: Chat, message_id: int) -> StoredMessage:
        return chat.messages[message_id]

    def bot_messages(self, chat: Chat) -> list[StoredMessage]:
        return [m for m in chat.messages.values() if m.sender_id == self.world.bot.id]

    # -- things people do ---------------------------------------------------------------
    async def send_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue a raw update (low level); returns it, or None when allowed_updates drops it."""
        return await self.queue.push(kind, payload)

    async def publish_channel_post(self, channel: Chat, text: str) -> StoredMessage:
        """Post in the channel; returns the auto-forwarded copy in the discussion group."""
        now = self.clock.now()
        post = store_message(channel, now, sender=None, sender_chat=channel, text=text)
        if self.world.member(channel, self.world.bot.id).status in ("administrator", "creator"):
            await self.queue.push("channel_post", post.data)
        if channel.linked_chat_id is None:
            return post
        group = self.world.chats[channel.linked_chat_id]
        origin = {
            "type": "channel",
            "date": now,
            "chat": chat_json(channel),
            "message_id": post.message_id,
        }
        copy = store_message(
            group,
            now,
            sender=self.world.users[TELEGRAM_SERVICE_ID],
            sender_chat=channel,
            is_automatic_forward=True,
            forward_origin=origin,
            forward_from_chat=chat_json(channel),
            forward_from_message_id=post.message_id,
            forward_date=now,
            text=text,
        )
        await self._deliver(group, "message", copy)
        return copy

    async def comment(
        self,
        user: User | None,
        post_or_chat: StoredMessage | Chat,
        text: str | None = None,
        reply_to: StoredMessage | None = None,
        as_channel: Chat | None = None,
        caption: str | None = None,
        entities: list[dict[str, Any]] | None = None,
        *,
        anonymous_admin: bool = False,
        forward_from: User | None = None,
    ) -> StoredMessage:
        """A user's message: in a post's thread (given the copy) or plainly in a chat."""
        if isinstance(post_or_chat, StoredMessage):
            chat = self.world.chats[post_or_chat.chat_id]
            thread_id = post_or_chat.thread_id or post_or_chat.message_id
            reply_to = reply_to or post_or_chat  # a top-level comment replies to the copy
        else:
            chat = post_or_chat
            thread_id = reply_to.thread_id if reply_to is not None else None
        sender, sender_chat = self._sender(chat, user, as_channel, anonymous_admin)
        body: dict[str, Any] = {}
        if caption is not None:
            body = {
                "photo": photo_json(chat.next_message_id),
                "caption": caption,
                "caption_entities": entities,
            }
        else:
            body = {"text": text, "entities": entities}
        if forward_from is not None:
            body["forward_origin"] = {
                "type": "user",
                "date": self.clock.now() - 60,
                "sender_user": user_json(forward_from),
            }
            body["forward_from"] = user_json(forward_from)
            body["forward_date"] = self.clock.now() - 60
        stored = store_message(
            chat,
            self.clock.now(),
            sender=sender,
            sender_chat=sender_chat,
            reply_to=reply_to,
            thread_id=thread_id,
            **body,
        )
        await self._deliver(chat, "message", stored)
        return stored

    async def edit(
        self,
        message: StoredMessage,
        text: str | None = None,
        caption: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> StoredMessage:
        chat = self.world.chats[message.chat_id]
        if live_message(chat, message.message_id) is None:
            raise ScenarioRefused("the message was deleted; nobody can edit it")
        key = "caption" if "caption" in message.data else "text"
        message.data[key] = caption if key == "caption" else text
        message.data.pop(f"{key}_entities" if key == "caption" else "entities", None)
        if entities:
            message.data["caption_entities" if key == "caption" else "entities"] = entities
        message.data["edit_date"] = self.clock.now()
        await self._deliver(chat, "edited_message", message)
        return message

    async def press_button(self, user: User, message: StoredMessage, data: str) -> str:
        """Tap an inline button with this callback_data; returns the callback query id."""
        buttons = [
            b
            for row in message.data.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row
        ]
        if message.deleted or all(b.get("callback_data") != data for b in buttons):
            raise ScenarioRefused(f"no button with callback_data={data!r} on that message")
        query_id = self.world.next_callback_id()
        self.world.callbacks[query_id] = CallbackRecord(
            query_id, user.id, message.chat_id, message.message_id, data
        )
        await self.queue.push(
            "callback_query",
            {
                "id": query_id,
                "from": user_json(user),
                "chat_instance": str(-message.chat_id),
                "message": message.data,
                "data": data,
            },
        )
        return query_id

    def _sender(
        self, chat: Chat, user: User | None, as_channel: Chat | None, anonymous_admin: bool
    ) -> tuple[User, Chat | None]:
        if anonymous_admin:
            return self.world.users[GROUP_ANONYMOUS_BOT_ID], chat
        if as_channel is not None:
            if as_channel.id in chat.banned_sender_chats:
                raise ScenarioRefused(f"sender chat {as_channel.id} is banned in {chat.id}")
            return self.world.users[CHANNEL_BOT_ID], as_channel
        if user is None:
            raise ValueError("a comment needs a user, as_channel or anonymous_admin")
        member = self.membership.current(chat.id, user.id)
        if member.status == "kicked" or (
            member.status == "restricted" and not member.permissions.get("can_send_messages")
        ):
            raise ScenarioRefused(f"user {user.id} cannot write in {chat.id} ({member.status})")
        if member.status == "left":
            self.add_member(chat, user)
        return user, None

    async def _deliver(self, chat: Chat, kind: str, stored: StoredMessage) -> None:
        """Queue the update if the bot can see it (a member, or the other side of a private
        chat; privacy mode is not modelled)."""
        if chat.type == "private" or self.world.member(chat, self.world.bot.id).status not in (
            "left",
            "kicked",
        ):
            await self.queue.push(kind, stored.data)
