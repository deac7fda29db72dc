"""Membership methods: ban/unban/restrict, sender-chat bans, member and chat look-ups."""

from __future__ import annotations

from typing import Any

from tests.fakes.telegram.access import (
    bot_in_chat,
    check_target,
    effective_until,
    find_chat,
    find_user_id,
    require_restrict_right,
)
from tests.fakes.telegram.clock import VirtualClock
from tests.fakes.telegram.envelope import bad_request
from tests.fakes.telegram.objects import chat_full_json, member_json
from tests.fakes.telegram.world import PERMISSIONS, Member, World


class Membership:
    def __init__(self, world: World, clock: VirtualClock) -> None:
        self.world = world
        self.clock = clock

    def ban_chat_member(self, p: dict[str, Any]) -> bool:
        chat = find_chat(self.world, p)
        user_id = find_user_id(self.world, p)
        require_restrict_right(self.world, chat)
        check_target(self.world, chat, user_id, banning=True)
        chat.members[user_id] = Member(
            self.world.users[user_id],
            status="kicked",
            until_date=effective_until(p.get("until_date"), self.clock.now()),
        )
        # Supergroups and channels always revoke; basic groups only when asked.
        if chat.type != "group" or p.get("revoke_messages"):
            for stored in self.world.user_messages(chat, user_id):
                stored.deleted = True
        return True

    def unban_chat_member(self, p: dict[str, Any]) -> bool:
        chat = find_chat(self.world, p)
        if chat.type not in ("supergroup", "channel"):
            raise bad_request("method is available for supergroup and channel chats only")
        user_id = find_user_id(self.world, p)
        require_restrict_right(self.world, chat)
        current = self.world.member(chat, user_id)
        if p.get("only_if_banned") and current.status != "kicked":
            return True
        if current.status in ("creator", "administrator"):
            raise bad_request("user is an administrator of the chat")
        # Without only_if_banned, a current member is removed: "not a member, may rejoin".
        chat.members[user_id] = Member(self.world.users[user_id], status="left")
        return True

    def restrict_chat_member(self, p: dict[str, Any]) -> bool:
        chat = find_chat(self.world, p)
        if chat.type != "supergroup":
            raise bad_request("method is available only for supergroups")
        user_id = find_user_id(self.world, p)
        require_restrict_right(self.world, chat)
        check_target(self.world, chat, user_id, banning=False)
        permissions = p.get("permissions")
        if not isinstance(permissions, dict):
            raise bad_request("can't parse permissions JSON object")
        granted = {name: bool(permissions.get(name, False)) for name in PERMISSIONS}
        user = self.world.users[user_id]
        if all(granted.values()):  # lifting every restriction makes a plain member again
            chat.members[user_id] = Member(user, status="member")
            return True
        chat.members[user_id] = Member(
            user,
            status="restricted",
            permissions=granted,
            until_date=effective_until(p.get("until_date"), self.clock.now()),
        )
        return True

    def ban_chat_sender_chat(self, p: dict[str, Any]) -> bool:
        chat = find_chat(self.world, p)
        require_restrict_right(self.world, chat)
        sender_chat_id = p.get("sender_chat_id")
        if not isinstance(sender_chat_id, int) or sender_chat_id not in self.world.chats:
            raise bad_request("sender_chat_id is invalid")
        if sender_chat_id in (chat.id, chat.linked_chat_id):
            raise bad_request("can't ban the chat itself or its linked channel")
        chat.banned_sender_chats.add(sender_chat_id)
        return True

    def unban_chat_sender_chat(self, p: dict[str, Any]) -> bool:
        chat = find_chat(self.world, p)
        require_restrict_right(self.world, chat)
        sender_chat_id = p.get("sender_chat_id")
        if not isinstance(sender_chat_id, int):
            raise bad_request("sender_chat_id is invalid")
        chat.banned_sender_chats.discard(sender_chat_id)
        return True

    def get_chat_member(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        user_id = find_user_id(self.world, p)
        return member_json(self.current(chat.id, user_id))

    def get_chat_administrators(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        admins = [m for m in chat.members.values() if m.is_admin]
        if not p.get("return_bots"):  # other bots are omitted; the caller always appears
            admins = [m for m in admins if not m.user.is_bot or m.user.id == self.world.bot.id]
        return [member_json(m) for m in admins]

    def get_chat(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = find_chat(self.world, p)
        bot_in_chat(self.world, chat)
        return chat_full_json(chat)

    def current(self, chat_id: int, user_id: int) -> Member:
        """A member with timed restrictions/bans expired against the virtual clock."""
        chat = self.world.chats[chat_id]
        member = self.world.member(chat, user_id)
        expired = member.until_date and member.until_date <= self.clock.now()
        if member.status in ("kicked", "restricted") and expired:
            status = "left" if member.status == "kicked" else "member"
            member = chat.members[user_id] = Member(member.user, status=status)
        return member
