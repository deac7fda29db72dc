"""`/id`'s pure parts: which texts are ours, and how the answer reads."""

from __future__ import annotations

import pytest

from bot.telegram.commands.ids import describe_ids, is_id_command


@pytest.mark.parametrize(
    ("text", "ours"),
    [
        ("/id", True),
        ("/ID", True),
        ("/id@Kuzet_Bot", True),
        ("/id please", True),
        ("/id@other_bot", False),
        ("/idea", False),
        ("id", False),
        ("", False),
        ("   ", False),
    ],
)
def test_is_id_command(text: str, ours: bool) -> None:
    assert is_id_command(text, "kuzet_bot") is ours


def test_forwarded_channel_post_shows_its_channel() -> None:
    message = {
        "message_id": 3,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "first_name": "Aru", "language_code": "en"},
        "text": "/id",
        "reply_to_message": {
            "message_id": 2,
            "chat": {"id": 42, "type": "private"},
            "from": {"id": 42, "first_name": "Aru"},
            "forward_origin": {"type": "channel", "chat": {"id": -1007, "title": "News"}},
        },
    }
    text = describe_ids(message, None)
    assert text.splitlines() == [
        "Chat: 42 (private)",
        "You: 42 (Aru)",
        "Author of the replied message: 42 (Aru)",
        "Forwarded from: -1007 (News)",
    ]


def test_anonymous_admin_gets_the_chat_id_only() -> None:
    group = {"id": -1009, "type": "supergroup", "title": "Shop"}
    message = {
        "message_id": 5,
        "chat": group,
        "from": {"id": 1087968824, "first_name": "Group", "language_code": "ru"},
        "sender_chat": group,
        "text": "/id",
    }
    assert describe_ids(message, -1008) == "Чат: -1009 (supergroup)\nСвязанный чат: -1008"
