"""Wire JSON for every object kind the fake emits, built from the world model.

Objects are full (every field aiogram 3.31 requires, plus optional ones the real server
sends) and use Bot API names (`from`, not `from_user`). `tests/fakes/test_telegram_objects.py`
validates each builder against aiogram's own pydantic models.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.telegram.world import ADMIN_RIGHTS, PERMISSIONS, Chat, Member, User


def user_json(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user.id, "is_bot": user.is_bot, "first_name": user.first_name}
    for key in ("last_name", "username", "language_code"):
        if (value := getattr(user, key)) is not None:
            data[key] = value
    return data


def me_json(user: User) -> dict[str, Any]:
    return {
        **user_json(user),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def chat_json(chat: Chat) -> dict[str, Any]:
    data: dict[str, Any] = {"id": chat.id, "type": chat.type}
    if chat.title is not None:
        data["title"] = chat.title
    if chat.username is not None:
        data["username"] = chat.username
    if chat.first_name is not None:
        data["first_name"] = chat.first_name
    return data


def chat_full_json(chat: Chat) -> dict[str, Any]:
    data = {
        **chat_json(chat),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }
    if chat.linked_chat_id is not None:
        data["linked_chat_id"] = chat.linked_chat_id
    return data


def member_json(member: Member) -> dict[str, Any]:
    base: dict[str, Any] = {"status": member.status, "user": user_json(member.user)}
    if member.status == "creator":
        return {**base, "is_anonymous": False}
    if member.status == "administrator":
        rights = {right: member.rights.get(right, False) for right in ADMIN_RIGHTS}
        return {**base, "can_be_edited": False, "is_anonymous": False, **rights}
    if member.status == "restricted":
        perms = {perm: member.permissions.get(perm, False) for perm in PERMISSIONS}
        return {**base, "is_member": True, **perms, "until_date": member.until_date}
    if member.status == "kicked":
        return {**base, "until_date": member.until_date}
    return base  # member, left


def photo_json(seed: int) -> list[dict[str, Any]]:
    """A two-size photo; ids are derived from `seed` so they are stable across runs."""
    return [
        {
            "file_id": f"AgAC{seed}s",
            "file_unique_id": f"AQAD{seed}s",
            "width": 90,
            "height": 67,
            "file_size": 1200,
        },
        {
            "file_id": f"AgAC{seed}m",
            "file_unique_id": f"AQAD{seed}m",
            "width": 800,
            "height": 600,
            "file_size": 48000,
        },
    ]


def without_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A replied-to message as embedded in a reply: it never carries its own reply."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def update_json(update_id: int, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"update_id": update_id, kind: payload}


def webhook_info_json(
    url: str,
    pending: int,
    allowed: list[str] | None,
    max_connections: int,
    last_error_date: int | None,
    last_error_message: str | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "url": url,
        "has_custom_certificate": False,
        "pending_update_count": pending,
    }
    if url:
        data["max_connections"] = max_connections
        if allowed is not None:
            data["allowed_updates"] = allowed
    if last_error_date is not None:
        data["last_error_date"] = last_error_date
        data["last_error_message"] = last_error_message
    return data
