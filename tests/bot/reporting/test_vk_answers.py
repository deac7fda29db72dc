"""A VK reply posted as the community answers the comment it replies to."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.vk.answers import community_answer
from moderation.comment import Platform
from moderation.threads import AnswerKind


def _event(from_id: int, reply_to: int | None, type_: str = "wall_reply_new") -> dict[str, object]:
    obj: dict[str, object] = {"id": 90, "from_id": from_id, "post_id": 7, "owner_id": -200,
                              "date": 1_780_000_000, "text": "Ертең ашылады"}  # fmt: skip
    if reply_to is not None:
        obj["reply_to_comment"] = reply_to
    return {"type": type_, "group_id": 200, "object": obj}


def test_the_communitys_reply_closes_the_thread_it_replies_to() -> None:
    answer = community_answer(_event(-200, 44))
    assert answer is not None
    assert (answer.platform, answer.chat_id, answer.comment_id) == (Platform.VK, "-200", "44")
    assert answer.kind is AnswerKind.COMMUNITY_REPLY and answer.by == "club200"
    assert answer.at == datetime.fromtimestamp(1_780_000_000, UTC)
    photo = community_answer(_event(-200, 5, "photo_comment_new"))
    assert photo is not None and photo.chat_id == "photo-200"


def test_other_events_answer_nothing() -> None:
    assert community_answer(_event(-200, None)) is None  # a new top-level comment
    assert community_answer(_event(31, 44)) is None  # a member's reply
    assert community_answer(_event(-200, 44, "wall_reply_delete")) is None
    assert community_answer({"type": "wall_reply_new", "group_id": 200}) is None
