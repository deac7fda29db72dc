"""The events the doctor asks VK to send are exactly those `convert_event` understands."""

from __future__ import annotations

from bot.vk.callback_settings import ESSENTIAL_EVENTS, WANTED_EVENTS
from bot.vk.convert import Deletion, convert_event

OWNER_FIELDS = {
    "wall_reply": ("post_owner_id", "post_id"),
    "photo_comment": ("photo_owner_id", "photo_id"),
    "video_comment": ("video_owner_id", "video_id"),
    "market_comment": ("market_owner_id", "item_id"),
    "board_post": ("topic_owner_id", "topic_id"),
}


def _event(event_type: str) -> dict[str, object]:
    family = event_type.rsplit("_", 1)[0]
    owner, object_id = OWNER_FIELDS[family]
    body = {"id": 5, "from_id": 77, "date": 1764000000, "text": "сәлем", "owner_id": -9,
            owner: -9, object_id: 3, "deleter_id": 77}  # fmt: skip
    return {"type": event_type, "group_id": 9, "event_id": "e", "object": body}


def test_every_wanted_event_is_converted() -> None:
    for event_type in WANTED_EVENTS:
        converted = convert_event(_event(event_type), "c")
        assert converted is not None, event_type
        assert isinstance(converted, Deletion) == event_type.endswith("_delete")


def test_an_unrelated_event_is_not_wanted() -> None:
    assert convert_event({"type": "message_new", "group_id": 9, "object": {}}, "c") is None
    assert "message_new" not in WANTED_EVENTS
    assert set(ESSENTIAL_EVENTS) <= set(WANTED_EVENTS)
