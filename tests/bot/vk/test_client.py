"""The VK client against the fake VK: each moderation call, error mapping, retries, secrecy."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.vk import errors
from bot.vk.client import RetryPolicy, VKClient
from bot.vk.rights import TokenKind as ReportKind
from bot.vk.rights import check_token, pair_problems
from tests.fakes.vk import FakeVK, TokenKind
from tests.fakes.vk import fixtures as vkf

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, flood_delay=0.02, timeout=2.0)


def client(fake: FakeVK, token: str = vkf.USER_TOKEN, retry: RetryPolicy = FAST) -> VKClient:
    return VKClient(token, api_base=fake.api_base, rate=1000.0, retry=retry)


async def test_delete_and_restore_comment(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "bad words")
    async with client(fake_vk) as vk:
        await vk.delete_comment(c.owner_id, c.id)
        assert c.deleted
        call = await fake_vk.journal.wait_for_call("wall.deleteComment", comment_id=c.id)
        assert call.params == {"owner_id": c.owner_id, "comment_id": c.id, "v": "5.199"}
        assert call.token == vkf.USER_TOKEN
        await vk.restore_comment(c.owner_id, c.id)
        assert not c.deleted
        with pytest.raises(errors.NotDeleted):
            await vk.restore_comment(c.owner_id, c.id)


async def test_create_reply_as_community(fake_vk: FakeVK) -> None:
    question = await fake_vk.comment(vkf.ALICE, fake_vk.post, "Қашан ашыласыздар?")
    async with client(fake_vk, vkf.COMMUNITY_TOKEN) as vk:
        created = await vk.create_comment(
            question.owner_id,
            question.post_id,
            "Сағат 9-да",
            reply_to_comment=question.id,
            from_group=vkf.GROUP_ID,
        )
    reply = fake_vk.comment_state(question.owner_id, created.comment_id)
    assert created.parents_stack == (question.id,)
    assert (reply.from_id, reply.text, reply.reply_to_comment) == (
        -vkf.GROUP_ID,
        "Сағат 9-да",
        question.id,
    )


async def test_get_comment_ban_unban_and_listing(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.BOB, fake_vk.post, "spam")
    async with client(fake_vk) as vk:
        assert (await vk.get_comment(c.owner_id, c.id))["text"] == "spam"
        end = fake_vk.world.clock.now() + 86400
        await vk.ban(
            vkf.GROUP_ID, vkf.BOB, end_date=end, reason=1, comment="spam", comment_visible=True
        )
        call = await fake_vk.journal.wait_for_call("groups.ban")
        assert call.params == {
            "group_id": vkf.GROUP_ID,
            "owner_id": vkf.BOB,
            "end_date": end,
            "reason": 1,
            "comment": "spam",
            "comment_visible": 1,
            "v": "5.199",
        }
        banned = await vk.get_banned(vkf.GROUP_ID)
        assert [b["profile"]["id"] for b in banned] == [vkf.BOB]
        assert banned[0]["ban_info"]["end_date"] == end
        await vk.unban(vkf.GROUP_ID, vkf.BOB)
        assert await vk.get_banned(vkf.GROUP_ID) == []
    assert [e["type"] for e in fake_vk.log(vkf.GROUP_ID).events][-2:] == [
        "user_block",
        "user_unblock",
    ]


async def test_startup_calls(fake_vk: FakeVK) -> None:
    async with client(fake_vk, vkf.COMMUNITY_TOKEN) as vk:
        lp = await vk.get_long_poll_server(vkf.GROUP_ID)
        assert lp.server.startswith("http://127.0.0.1:") and lp.key and lp.ts.isdigit()
        assert await vk.get_confirmation_code(vkf.GROUP_ID) == "a1b2c3d4"
        assert (await vk.get_group(vkf.GROUP_ID))["id"] == vkf.GROUP_ID


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (5, errors.AuthFailed),
        (7, errors.AccessDenied),
        (14, errors.CaptchaNeeded),
        (15, errors.AccessDenied),
        (27, errors.AccessDenied),
        (29, errors.RateLimitReached),
        (100, errors.InvalidRequest),
        (104, errors.NotFound),
        (6, errors.TooManyRequests),
        (9, errors.FloodControl),
        (10, errors.InternalError),
        (1, errors.UnknownError),
    ],
)
async def test_error_codes_map_to_types(fake_vk: FakeVK, code: int, cls: type) -> None:
    fake_vk.fail_next("users.get", code)
    async with client(fake_vk, retry=RetryPolicy(attempts=1)) as vk:
        with pytest.raises(cls) as caught:
            await vk.call("users.get")
    assert caught.value.code == code and caught.value.method == "users.get"
    assert isinstance(caught.value, errors.VKAPIError)


@pytest.mark.parametrize("code", [6, 9, 10])
async def test_transient_errors_are_retried_and_done_once(fake_vk: FakeVK, code: int) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    fake_vk.fail_next("wall.deleteComment", code, times=2)
    async with client(fake_vk) as vk:
        await vk.delete_comment(c.owner_id, c.id)
    calls = [x for x in fake_vk.journal.calls if x.method == "wall.deleteComment"]
    assert [x.error_code for x in calls] == [code, code, None]
    deletes = [e for e in fake_vk.log(vkf.GROUP_ID).events if e["type"] == "wall_reply_delete"]
    assert len(deletes) == 1


async def test_5xx_and_slow_answers_are_retried(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    fake_vk.fail_http("wall.deleteComment", 502)
    fake_vk.slow_next("wall.deleteComment", 0.5)
    policy = RetryPolicy(attempts=3, base_delay=0.01, timeout=0.2)
    async with client(fake_vk, retry=policy) as vk:
        await vk.delete_comment(c.owner_id, c.id)
    assert c.deleted


async def test_retries_are_bounded(fake_vk: FakeVK) -> None:
    fake_vk.fail_next("users.get", 10, times=10)
    async with client(fake_vk) as vk:
        with pytest.raises(errors.InternalError):
            await vk.call("users.get")
    assert len(fake_vk.journal.find("users.get", ok=False)) == FAST.attempts


@pytest.mark.parametrize("code", [5, 14, 15, 27])
async def test_rights_and_captcha_are_not_retried(fake_vk: FakeVK, code: int) -> None:
    fake_vk.fail_next("wall.deleteComment", code, times=5)
    async with client(fake_vk) as vk:
        with pytest.raises(errors.VKAPIError):
            await vk.delete_comment(-vkf.GROUP_ID, 1)
    assert len(fake_vk.journal.find("wall.deleteComment", ok=None)) == 1


async def test_community_token_cannot_moderate(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    async with client(fake_vk, vkf.COMMUNITY_TOKEN) as vk:
        with pytest.raises(errors.AccessDenied) as caught:
            await vk.delete_comment(c.owner_id, c.id)
    assert caught.value.code == 27 and not c.deleted


async def test_captcha_carries_sid(fake_vk: FakeVK) -> None:
    fake_vk.fail_next("wall.createComment", 14)
    async with client(fake_vk) as vk:
        with pytest.raises(errors.CaptchaNeeded) as caught:
            await vk.create_comment(fake_vk.post.owner_id, fake_vk.post.id, "hi")
    assert caught.value.captcha_sid


async def test_token_never_logged_nor_in_errors(
    fake_vk: FakeVK, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    fake_vk.fail_next("users.get", 6)
    fake_vk.fail_http("users.get", 503)
    async with client(fake_vk) as vk:
        await vk.call("users.get")
        texts.append(repr(vk))
        fake_vk.fail_next("users.get", 27)
        with pytest.raises(errors.AccessDenied) as denied:
            await vk.call("users.get")
        texts += [str(denied.value), repr(denied.value)]
    port = fake_vk.port
    await fake_vk.stop()  # connection refused from now on
    dead = VKClient(
        vkf.USER_TOKEN,
        api_base=f"http://127.0.0.1:{port}/method/",
        retry=RetryPolicy(attempts=2, base_delay=0.01),
    )
    async with dead:
        with pytest.raises(errors.VKUnavailable) as down:
            await dead.call("users.get")
    texts += [str(down.value), repr(down.value), caplog.text]
    assert "retry" in caplog.text  # the retries were logged at all
    assert all(vkf.USER_TOKEN not in t for t in texts)


async def test_check_token_reports_rights(fake_vk: FakeVK) -> None:
    fake_vk.add_token("bob-token", "user", vkf.BOB, ("wall",))
    fake_vk.add_token("revoked", "user", vkf.ADMIN, ("wall", "groups"))
    fake_vk.revoke_token("revoked")
    reports = {}
    for token in (vkf.USER_TOKEN, vkf.COMMUNITY_TOKEN, "bob-token", "revoked"):
        async with client(fake_vk, token) as vk:
            reports[token] = await check_token(vk, vkf.GROUP_ID)
    admin = reports[vkf.USER_TOKEN]
    assert (admin.kind, admin.can_moderate, admin.can_ban, admin.problems) == (
        TokenKind.USER,
        True,
        True,
        (),
    )
    community = reports[vkf.COMMUNITY_TOKEN]
    assert community.kind is ReportKind.COMMUNITY and community.can_reply
    assert not community.can_moderate and not community.can_ban
    assert community.problems == ()  # its limits are the pair's business (pair_problems)
    assert any("user token" in p for p in pair_problems(None, community, longpoll=False))
    assert pair_problems(admin, community, longpoll=False) == []
    bob = reports["bob-token"]
    assert not bob.can_moderate and any("not a manager" in p for p in bob.problems)
    assert any("'groups'" in p for p in bob.problems)
    assert reports["revoked"].kind is ReportKind.INVALID


async def test_pacing_keeps_under_the_fake_rate() -> None:
    async with FakeVK(rates={TokenKind.USER: 10.0}) as fake:
        vkf.populate(fake)
        async with VKClient(vkf.USER_TOKEN, api_base=fake.api_base, rate=10.0, retry=FAST) as vk:
            await asyncio.gather(*(vk.call("users.get") for _ in range(14)))
        assert len(fake.journal.find("users.get")) == 14
        assert fake.journal.find("users.get", ok=False) == []  # never answered error 6
