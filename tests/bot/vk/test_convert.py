"""VK event → Comment / Deletion / None, on event bodies shaped like VK's (vk.md §7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.vk.convert import Deletion, convert_event, revision_for
from moderation.comment import Comment, Platform

GROUP = 229000001


def event(type_: str, **obj: Any) -> dict[str, Any]:
    return {"type": type_, "group_id": GROUP, "event_id": "e1", "v": "5.199", "object": obj}


def wall(type_: str = "wall_reply_new", **extra: Any) -> dict[str, Any]:
    body = {
        "id": 501,
        "from_id": 7700001,
        "date": 1764374400,
        "text": "Привет",
        "post_id": 88,
        "owner_id": -GROUP,
        "post_owner_id": -GROUP,
        "parents_stack": [],
    }
    return event(type_, **{**body, **extra})


def as_comment(raw: dict[str, Any]) -> Comment:
    result = convert_event(raw, "shop-vk")
    assert isinstance(result, Comment), result
    return result


def test_new_wall_comment_becomes_a_vk_comment() -> None:
    comment = as_comment(wall())
    assert comment.platform is Platform.VK
    assert (comment.community_id, comment.chat_id, comment.post_id, comment.comment_id) == (
        "shop-vk",
        f"-{GROUP}",
        "88",
        "501",
    )
    assert comment.author.id == "7700001" and not comment.author.is_channel
    assert comment.text == "Привет"
    assert comment.created_at == datetime(2025, 11, 29, tzinfo=UTC)
    assert comment.metadata["kind"] == "wall"
    assert comment.metadata["owner_id"] == f"-{GROUP}"
    assert comment.metadata["group_id"] == str(GROUP)


def test_reply_in_a_thread_keeps_its_parent_and_reads_mentions_as_names() -> None:
    comment = as_comment(
        wall(
            text="[id7700002|Bolat], &quot;нет&quot; www.spam.example/x",
            reply_to_comment=500,
            reply_to_user=7700002,
            parents_stack=[500],
        )
    )
    assert comment.reply_to == "500"
    assert comment.text == 'Bolat, "нет" www.spam.example/x'
    assert comment.links == ("www.spam.example/x",)
    assert comment.metadata["thread"] == "500"
    assert comment.metadata["reply_to_user"] == "7700002"


def test_link_attachments_count_as_links() -> None:
    raw = wall(attachments=[{"type": "link", "link": {"url": "https://t.me/spam"}}])
    assert as_comment(raw).links == ("https://t.me/spam",)


def test_edit_with_new_text_is_a_new_revision_and_restore_is_not() -> None:
    new = as_comment(wall())
    edited = as_comment(wall("wall_reply_edit", text="Привет, мир"))
    restored = as_comment(wall("wall_reply_restore"))
    assert edited.key != new.key and edited.comment_id == new.comment_id
    assert restored.key == new.key  # a restore of judged text is never judged (hidden) again
    assert new.revision == revision_for("Привет")


def test_the_communitys_own_comments_are_not_moderated() -> None:
    assert convert_event(wall(from_id=-GROUP), "shop-vk") is None


def test_another_communitys_comment_is_moderated_as_a_channel_author() -> None:
    comment = as_comment(wall(from_id=-555))
    assert comment.author.is_channel and comment.author.id == "-555"


def test_photo_video_market_and_board_comments_take_the_same_path() -> None:
    cases = [
        ("photo_comment_new", {"photo_id": 9, "photo_owner_id": -GROUP}, f"photo-{GROUP}", "photo"),
        (
            "video_comment_edit",
            {"video_id": 9, "video_owner_id": -GROUP},
            f"video-{GROUP}",
            "video",
        ),
        (
            "market_comment_new",
            {"item_id": 9, "market_owner_id": -GROUP},
            f"market-{GROUP}",
            "market",
        ),
        ("board_post_new", {"topic_id": 9, "topic_owner_id": -GROUP}, f"board-{GROUP}", "board"),
    ]
    for type_, extra, chat_id, kind in cases:
        body = {"id": 7, "from_id": 7700001, "date": 1764374400, "text": "тест", **extra}
        comment = as_comment(event(type_, **body))
        assert (comment.chat_id, comment.metadata["kind"], comment.post_id) == (chat_id, kind, "9")


def test_deletions_keep_the_deleter() -> None:
    raw = event("wall_reply_delete", owner_id=-GROUP, id=502, deleter_id=7700009, post_id=88)
    assert convert_event(raw, "shop-vk") == Deletion(
        "shop-vk", GROUP, "wall", f"-{GROUP}", "502", "88", 7700009
    )
    schema_style = event("photo_comment_delete", owner_id=-GROUP, id=3, user_id=5, photo_id=1)
    deletion = convert_event(schema_style, "shop-vk")
    assert isinstance(deletion, Deletion) and deletion.deleter_id == 5
    assert deletion.chat_id == f"photo-{GROUP}"


def test_other_events_are_ignored() -> None:
    assert convert_event(event("user_block", user_id=1, admin_id=2), "shop-vk") is None
    assert convert_event(event("message_new", id=1), "shop-vk") is None
    assert convert_event({"type": "wall_reply_new", "group_id": GROUP}, "shop-vk") is None
