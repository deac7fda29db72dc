"""Who may do what: chat/user lookup and the bot's own rights, with the real error texts."""

from __future__ import annotations

from typing import Any

from tests.fakes.telegram.envelope import ApiError, bad_request
from tests.fakes.telegram.world import Chat, Member, World

MESSAGE_DELETE_WINDOW = 48 * 3600
FOREVER_BELOW = 30  # until_date closer than 30 s from now means "forever"
FOREVER_ABOVE = 366 * 86400  # …and so does one further than 366 days


def chat_kind(chat: Chat) -> str:
    return {"supergroup": "supergroup chat", "channel": "channel chat"}.get(chat.type, "group chat")


def find_chat(world: World, params: dict[str, Any]) -> Chat:
    chat = world.chat_by_ref(params.get("chat_id", ""))
    if chat is None:
        raise bad_request("chat not found")
    return chat


def bot_in_chat(world: World, chat: Chat) -> Member:
    """The bot's membership; a bot outside the chat gets the real 403s."""
    if chat.type == "private":
        return Member(world.bot, status="member")
    member = world.member(chat, world.bot.id)
    if member.status == "kicked":
        raise ApiError(403, f"bot was kicked from the {chat_kind(chat)}")
    if member.status == "left":
        raise ApiError(403, f"bot is not a member of the {chat_kind(chat)}")
    return member


def find_user_id(world: World, params: dict[str, Any], key: str = "user_id") -> int:
    user_id = params.get(key)
    if not isinstance(user_id, int) or user_id <= 0:
        raise bad_request("invalid user_id specified")
    if user_id not in world.users:
        raise bad_request("user not found")
    return user_id


def require_restrict_right(world: World, chat: Chat) -> None:
    if not bot_in_chat(world, chat).can("can_restrict_members"):
        raise bad_request("not enough rights to restrict/unrestrict chat member")


def check_target(world: World, chat: Chat, user_id: int, *, banning: bool) -> Member:
    if user_id == world.bot.id:
        raise bad_request("can't restrict self")
    target = world.member(chat, user_id)
    if target.status == "creator":
        reason = "can't remove chat owner" if banning else "user is an administrator of the chat"
        raise bad_request(reason)
    if target.status == "administrator":
        raise bad_request("user is an administrator of the chat")
    return target


def effective_until(until_date: int | None, now: int) -> int:
    """0 (= forever) for missing, too-near or too-far dates, as the real server does."""
    if not until_date or until_date - now < FOREVER_BELOW or until_date - now > FOREVER_ABOVE:
        return 0
    return until_date
