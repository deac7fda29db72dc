"""Comments under photos, videos, market items and board topics: the event converts, and
hide / restore / reply reach the right VK family method with the right token."""

from __future__ import annotations

import pytest

from bot.vk.convert import convert_event
from bot.vk.errors import AccessDenied
from bot.vk.gateway import VkGateway
from moderation.comment import Comment
from tests.bot.vk.test_gateway import client, clients, gateway
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ALICE, COMMUNITY_TOKEN, GROUP_ID, USER_TOKEN

__all__ = ["clients"]

# kind → (API family, event type prefix, parameter naming the object)
FAMILIES = {
    "photo": ("photos", "photo_comment", "photo_id"),
    "video": ("video", "video_comment", "video_id"),
    "market": ("market", "market_comment", "item_id"),
    "board": ("board", "board_post", "topic_id"),
}


async def posted_under(fake: FakeVK, kind: str, text: str) -> tuple[Comment, int]:
    thing = fake.publish_post(GROUP_ID, f"a {kind}", kind=kind)
    written = await fake.comment(ALICE, thing, text)
    event = fake.log(GROUP_ID).events[-1]
    assert event["type"] == f"{FAMILIES[kind][1]}_new"
    converted = convert_event(event, "shop-vk")
    assert isinstance(converted, Comment)
    assert converted.metadata["kind"] == kind
    assert converted.comment_id == str(written.id)
    return converted, thing.id


@pytest.mark.parametrize("kind", sorted(FAMILIES))
async def test_hide_and_restore_in_each_family(fake_vk: FakeVK, clients, kind: str) -> None:
    vk = gateway(*clients)
    family = FAMILIES[kind][0]
    comment, thing_id = await posted_under(fake_vk, kind, "ты дурак")
    await vk.hide(comment)
    state = fake_vk.comment_state(-GROUP_ID, int(comment.comment_id))
    assert state.deleted
    call = fake_vk.journal.find(f"{family}.deleteComment")[0]
    assert call.token == USER_TOKEN
    sent = {k: v for k, v in call.params.items() if k != "v"}
    if kind == "board":
        assert sent == {"group_id": GROUP_ID, "topic_id": thing_id, "comment_id": state.id}
    else:
        assert sent == {"owner_id": -GROUP_ID, "comment_id": state.id}
    assert fake_vk.log(GROUP_ID).events[-1]["type"] == f"{FAMILIES[kind][1]}_delete"
    await vk.restore(comment)
    assert not state.deleted
    assert fake_vk.journal.find(f"{family}.restoreComment")[0].token == USER_TOKEN
    assert fake_vk.journal.find("wall.deleteComment", ok=None) == []


@pytest.mark.parametrize("kind", sorted(FAMILIES))
async def test_reply_in_each_family_posts_as_the_community(
    fake_vk: FakeVK, clients, kind: str
) -> None:
    vk = gateway(*clients)
    family, _, object_param = FAMILIES[kind]
    comment, thing_id = await posted_under(fake_vk, kind, "Сколько стоит доставка?")
    new_id = await vk.reply(comment, "Бесплатно")
    call = fake_vk.journal.find(f"{family}.createComment")[0]
    assert call.token == USER_TOKEN  # the strict fake refuses a community token here
    assert call.params[object_param] == thing_id
    created = fake_vk.comment_state(-GROUP_ID, int(new_id))
    assert created.from_id == -GROUP_ID and created.kind == kind
    if kind == "board":  # no threads on boards: the author is addressed by a mention
        assert created.text == f"[id{ALICE}|{comment.author.display}], Бесплатно"
    else:
        assert created.text == "Бесплатно"
        assert created.reply_to_comment == int(comment.comment_id)


async def test_reply_to_a_hidden_photo_comment_falls_back_to_a_mention(
    fake_vk: FakeVK, clients
) -> None:
    vk = gateway(*clients)
    comment, _ = await posted_under(fake_vk, "photo", "Где заказать?")
    await vk.hide(comment)
    new_id = await vk.reply(comment, "В директ")
    created = fake_vk.comment_state(-GROUP_ID, int(new_id))
    assert created.text.endswith(", В директ") and created.reply_to_comment is None
    failed = fake_vk.journal.find("photos.createComment", ok=False)
    assert len(failed) == 1 and failed[0].error_code == 100


async def test_board_comments_can_be_hidden_with_the_community_token_alone(
    fake_vk: FakeVK,
) -> None:
    community = client(fake_vk, COMMUNITY_TOKEN)
    try:
        vk = gateway(None, community)
        board_comment, _ = await posted_under(fake_vk, "board", "спам спам")
        await vk.hide(board_comment)
        assert fake_vk.journal.find("board.deleteComment")[0].token == COMMUNITY_TOKEN
        photo_comment, _ = await posted_under(fake_vk, "photo", "спам")
        with pytest.raises(Exception, match="user_token"):
            await vk.hide(photo_comment)  # photos need the admin's user token
        vk_only_community = VkGateway({"shop-vk": vk.community("shop-vk")})
        with pytest.raises(AccessDenied, match="error 27"):
            await vk_only_community.reply(photo_comment, "ok")
    finally:
        await community.close()
