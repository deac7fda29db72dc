"""VkGateway against the fake VK API with our real client: the right method, the right
token, and VK's answers mapped to done / raised."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.vk.client import RetryPolicy, VKClient
from bot.vk.convert import convert_event
from bot.vk.errors import AccessDenied, AuthFailed
from bot.vk.gateway import VkCommunity, VkGateway, VkSideError
from moderation.comment import Comment, Platform, UserRef
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ALICE, COMMUNITY_TOKEN, GROUP_ID, USER_TOKEN

FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, flood_delay=0.01, timeout=5)


def client(fake: FakeVK, token: str) -> VKClient:
    return VKClient(token, api_base=fake.api_base, rate=1000.0, retry=FAST)


@pytest.fixture
async def clients(fake_vk: FakeVK) -> AsyncIterator[tuple[VKClient, VKClient]]:
    user, community = client(fake_vk, USER_TOKEN), client(fake_vk, COMMUNITY_TOKEN)
    yield user, community
    await user.close()
    await community.close()


def gateway(user: VKClient | None, community: VKClient | None) -> VkGateway:
    return VkGateway({"shop-vk": VkCommunity("shop-vk", GROUP_ID, user, community)})


async def posted(fake: FakeVK, text: str = "плохой комментарий") -> Comment:
    comment = await fake.comment(ALICE, fake.post, text)
    event = fake.log(GROUP_ID).events[-1]
    assert event["object"]["id"] == comment.id
    converted = convert_event(event, "shop-vk")
    assert isinstance(converted, Comment)
    return converted


async def test_hide_and_restore_use_the_user_token(fake_vk: FakeVK, clients) -> None:
    user, community = clients
    vk = gateway(user, community)
    comment = await posted(fake_vk)
    await vk.hide(comment)
    state = fake_vk.comment_state(-GROUP_ID, int(comment.comment_id))
    assert state.deleted
    call = fake_vk.journal.find("wall.deleteComment")[0]
    assert call.token == USER_TOKEN
    assert call.params["owner_id"] == -GROUP_ID
    assert await vk.restore(comment) is None
    assert not state.deleted
    assert fake_vk.journal.find("wall.restoreComment")[0].token == USER_TOKEN


async def test_gone_and_already_restored_count_as_done(fake_vk: FakeVK, clients) -> None:
    vk = gateway(*clients)
    comment = await posted(fake_vk)
    await vk.restore(comment)  # not deleted: VK answers 243
    assert fake_vk.journal.find("wall.restoreComment", ok=False)[0].error_code == 243
    fake_vk.fail_next("wall.deleteComment", 104)
    await vk.hide(comment)
    assert fake_vk.journal.find("wall.deleteComment", ok=False)[0].error_code == 104


async def test_ban_mute_and_unban(fake_vk: FakeVK, clients) -> None:
    vk = gateway(*clients)
    target = UserRef(Platform.VK, "shop-vk", str(ALICE))
    until = datetime(2030, 1, 1, tzinfo=UTC)
    await vk.mute(target, until)
    call = fake_vk.journal.find("groups.ban")[0]
    assert call.params == {
        "group_id": GROUP_ID,
        "owner_id": ALICE,
        "v": "5.199",
        "end_date": int(until.timestamp()),
        "reason": 2,
        "comment": "Kuzet moderation",
        "comment_visible": 0,
    }
    assert call.token == USER_TOKEN
    await vk.ban(target, None)
    assert "end_date" not in fake_vk.journal.find("groups.ban")[1].params
    await vk.unban(target)
    assert ALICE not in fake_vk.world.communities[GROUP_ID].bans


async def test_reply_posts_as_the_community_in_the_thread(fake_vk: FakeVK, clients) -> None:
    vk = gateway(*clients)
    comment = await posted(fake_vk, "Когда доставка?")
    new_id = await vk.reply(comment, "Завтра")
    call = fake_vk.journal.find("wall.createComment")[0]
    assert call.token == COMMUNITY_TOKEN
    assert call.params["reply_to_comment"] == int(comment.comment_id)
    assert call.params["from_group"] == GROUP_ID
    created = fake_vk.comment_state(-GROUP_ID, int(new_id))
    assert created.from_id == -GROUP_ID and created.text == "Завтра"
    assert created.reply_to_comment == int(comment.comment_id)


async def test_community_token_cannot_moderate_error_27_raised_once(
    fake_vk: FakeVK, clients
) -> None:
    _, community = clients
    vk = gateway(community, community)  # misconfigured: community token as user_token
    comment = await posted(fake_vk)
    with pytest.raises(AccessDenied, match="error 27"):
        await vk.hide(comment)
    assert len(fake_vk.journal.find("wall.deleteComment", ok=None)) == 1  # not retried
    assert not fake_vk.comment_state(-GROUP_ID, int(comment.comment_id)).deleted


async def test_revoked_token_raises_auth_failed_without_retry(fake_vk: FakeVK, clients) -> None:
    vk = gateway(*clients)
    comment = await posted(fake_vk)
    fake_vk.revoke_token(USER_TOKEN)
    with pytest.raises(AuthFailed):
        await vk.hide(comment)
    assert len(fake_vk.journal.find("wall.deleteComment", ok=None)) == 1


async def test_rate_limit_is_retried_and_done_once(fake_vk: FakeVK, clients) -> None:
    vk = gateway(*clients)
    comment = await posted(fake_vk)
    fake_vk.fail_next("wall.deleteComment", 6, times=2)
    await vk.hide(comment)
    calls = fake_vk.journal.find("wall.deleteComment", ok=None)
    assert [c.error_code for c in calls] == [6, 6, None]


async def test_missing_user_token_is_a_clear_error(fake_vk: FakeVK, clients) -> None:
    _, community = clients
    vk = gateway(None, community)
    comment = await posted(fake_vk)
    with pytest.raises(VkSideError, match="user_token"):
        await vk.hide(comment)
    with pytest.raises(VkSideError, match="user_token"):
        await vk.ban(comment.user, None)
    assert fake_vk.journal.find("wall.deleteComment", ok=None) == []
