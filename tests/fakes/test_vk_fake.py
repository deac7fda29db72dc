"""Self-tests of the fake VK: the protocol rules it enforces are the ones vk.md describes."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.fakes.vk import FakeVK, TokenKind
from tests.fakes.vk import fixtures as vkf

fake_vk = vkf.fake_vk


async def raw(
    fake: FakeVK,
    method: str,
    *,
    query: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    json_body: Any = None,
    headers: dict[str, str] | None = None,
    multipart: bool = False,
) -> Any:
    async with aiohttp.ClientSession() as http:
        kwargs: dict[str, Any] = {"params": query or {}, "headers": headers or {}}
        if json_body is not None:
            kwargs["json"] = json_body
        elif multipart:
            data = aiohttp.FormData()
            for k, v in (form or {}).items():
                data.add_field(k, v)
            data.add_field("file_like", b"x", filename="x.bin")
            kwargs["data"] = data
        elif form is not None:
            kwargs["data"] = form
        async with http.post(fake.api_base + method, **kwargs) as response:
            assert response.status == 200
            return await response.json()


def user(**params: str) -> dict[str, str]:
    return {"access_token": vkf.USER_TOKEN, "v": "5.199", **params}


async def test_exact_case_sensitive_method_names(fake_vk: FakeVK) -> None:
    body = await raw(fake_vk, "wall.deletecomment", form=user(owner_id="-1", comment_id="1"))
    assert body["error"]["error_code"] == 3
    assert fake_vk.violations == ["unknown method wall.deletecomment"]
    fake_vk.violations.clear()


async def test_query_form_multipart_and_bearer_are_all_read(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "hi")
    owner = str(fake_vk.post.owner_id)
    got = await raw(
        fake_vk, "wall.getComment", query=user(owner_id=owner), form={"comment_id": str(c.id)}
    )
    assert got["response"]["items"][0]["text"] == "hi"
    got = await raw(
        fake_vk, "wall.getComment", multipart=True, form=user(owner_id=owner, comment_id=str(c.id))
    )
    assert got["response"]["items"][0]["id"] == c.id
    fake_vk.violations.clear()  # the multipart file field is not a wall.getComment param
    got = await raw(
        fake_vk,
        "wall.getComment",
        form={"v": "5.199", "owner_id": owner, "comment_id": str(c.id)},
        headers={"Authorization": f"Bearer {vkf.USER_TOKEN}"},
    )
    assert got["response"]["items"][0]["from_id"] == vkf.ALICE


async def test_json_body_is_not_read_and_is_a_violation(fake_vk: FakeVK) -> None:
    body = await raw(fake_vk, "users.get", json_body=user())
    assert body["error"]["error_code"] == 8  # nothing was read, not even `v`
    assert any("JSON body" in v for v in fake_vk.violations)
    fake_vk.violations.clear()


async def test_version_is_required_and_token_not_echoed(fake_vk: FakeVK) -> None:
    body = await raw(fake_vk, "users.get", form={"access_token": vkf.USER_TOKEN})
    assert body["error"]["error_code"] == 8
    assert vkf.USER_TOKEN not in json.dumps(body)


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (vkf.COMMUNITY_TOKEN, 27),
        (vkf.SERVICE_TOKEN, 28),
        ("nonsense", 5),
    ],
)
async def test_token_kinds_enforced_on_delete(fake_vk: FakeVK, token: str, code: int) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    body = await raw(
        fake_vk,
        "wall.deleteComment",
        form={
            "access_token": token,
            "v": "5.199",
            "owner_id": str(c.owner_id),
            "comment_id": str(c.id),
        },
    )
    assert body["error"]["error_code"] == code
    assert body["error"]["request_params"][0] == {"key": "method", "value": "wall.deleteComment"}
    assert not c.deleted


async def test_scope_and_admin_role_enforced(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    fake_vk.add_token("no-wall", TokenKind.USER, vkf.ADMIN, ("groups",))
    fake_vk.add_token("bob", TokenKind.USER, vkf.BOB, ("wall", "groups"))
    args = {"v": "5.199", "owner_id": str(c.owner_id), "comment_id": str(c.id)}
    body = await raw(fake_vk, "wall.deleteComment", form={"access_token": "no-wall", **args})
    assert body["error"]["error_code"] == 7
    body = await raw(fake_vk, "wall.deleteComment", form={"access_token": "bob", **args})
    assert body["error"]["error_code"] == 15
    body = await raw(
        fake_vk,
        "groups.ban",
        form={
            "access_token": "bob",
            "v": "5.199",
            "group_id": str(vkf.GROUP_ID),
            "owner_id": str(vkf.ALICE),
        },
    )
    assert body["error"]["error_code"] == 15
    assert not c.deleted and not fake_vk.world.communities[vkf.GROUP_ID].bans


async def test_rate_limit_answers_error_6() -> None:
    async with FakeVK(rates={TokenKind.USER: 2.0}) as fake:
        vkf.populate(fake)
        codes = [
            (await raw(fake, "users.get", form=user())).get("error", {}).get("error_code")
            for _ in range(4)
        ]
    assert codes[:2] == [None, None]
    assert 6 in codes[2:]


async def test_delete_restore_ban_emit_events_and_restore_window(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    args = user(owner_id=str(c.owner_id), comment_id=str(c.id))
    assert (await raw(fake_vk, "wall.restoreComment", form=args))["error"]["error_code"] == 243
    assert (await raw(fake_vk, "wall.deleteComment", form=args))["response"] == 1
    assert (await raw(fake_vk, "wall.restoreComment", form=args))["response"] == 1
    await raw(fake_vk, "wall.deleteComment", form=args)
    fake_vk.world.clock.advance(2 * 24 * 3600)
    assert (await raw(fake_vk, "wall.restoreComment", form=args))["error"]["error_code"] == 104
    await raw(
        fake_vk,
        "groups.ban",
        form=user(group_id=str(vkf.GROUP_ID), owner_id=str(vkf.BOB), reason="3"),
    )
    types = [e["type"] for e in fake_vk.log(vkf.GROUP_ID).events]
    assert types == [
        "wall_reply_new",
        "wall_reply_delete",
        "wall_reply_restore",
        "wall_reply_delete",
        "user_block",
    ]
    delete = fake_vk.log(vkf.GROUP_ID).events[1]["object"]
    assert delete == {
        "owner_id": c.owner_id,
        "id": c.id,
        "deleter_id": vkf.ADMIN,
        "post_id": c.post_id,
    }


async def test_threads_keep_two_levels(fake_vk: FakeVK) -> None:
    top = await fake_vk.comment(vkf.ALICE, fake_vk.post, "top")
    reply = await fake_vk.comment(vkf.BOB, fake_vk.post, "re", reply_to=top)
    body = await raw(
        fake_vk,
        "wall.createComment",
        form=user(
            owner_id=str(top.owner_id),
            post_id=str(top.post_id),
            message="thanks",
            reply_to_comment=str(reply.id),
            from_group=str(vkf.GROUP_ID),
        ),
    )
    assert body["response"]["parents_stack"] == [top.id]
    event = fake_vk.log(vkf.GROUP_ID).events[-1]
    assert event["object"]["from_id"] == -vkf.GROUP_ID
    assert event["object"]["reply_to_comment"] == reply.id
    assert event["object"]["reply_to_user"] == vkf.BOB


async def test_longpoll_cursor_key_and_hold(fake_vk: FakeVK) -> None:
    server = await raw(
        fake_vk,
        "groups.getLongPollServer",
        form={"access_token": vkf.COMMUNITY_TOKEN, "v": "5.199", "group_id": str(vkf.GROUP_ID)},
    )
    lp = server["response"]
    async with aiohttp.ClientSession() as http:

        async def check(key: str, ts: str, wait: str = "0") -> Any:
            async with http.get(
                lp["server"], params={"act": "a_check", "key": key, "ts": ts, "wait": wait}
            ) as r:
                return await r.json()

        assert await check("bad", lp["ts"]) == {"failed": 2}
        held = asyncio.ensure_future(check(lp["key"], lp["ts"], wait="90"))
        await fake_vk.comment(vkf.ALICE, fake_vk.post, "during the hold")
        answer = await held
        assert [u["object"]["text"] for u in answer["updates"]] == ["during the hold"]
        assert int(answer["ts"]) == int(lp["ts"]) + 1
        fake_vk.log(vkf.GROUP_ID).forget_before(int(answer["ts"]))
        assert (await check(lp["key"], lp["ts"]))["failed"] == 1


class Receiver:
    def __init__(self, answers: list[tuple[int, str]]) -> None:
        self.answers, self.seen = answers, []  # type: ignore[var-annotated]

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append((request.headers.get("X-Retry-Counter"), await request.json()))
        status, text = self.answers.pop(0) if self.answers else (200, "ok")
        return web.Response(status=status, text=text)


async def serve(handler: Any) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/vk", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/vk"


async def test_callback_pusher_resends_until_ok(fake_vk: FakeVK) -> None:
    receiver = Receiver([(500, "boom"), (200, "not ok")])
    runner, url = await serve(receiver.handle)
    try:
        fake_vk.callback.add_server(url, vkf.GROUP_ID, secret="s3cret")
        c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "hello")
        await fake_vk.journal.wait_for_call("callback", retry=2)
        assert [h for h, _ in receiver.seen] == [None, "1", "2"]
        bodies = [b for _, b in receiver.seen]
        assert all(b == bodies[0] for b in bodies)
        assert bodies[0]["secret"] == "s3cret" and bodies[0]["object"]["id"] == c.id
        assert {"type", "object", "group_id", "event_id", "v", "secret"} == set(bodies[0])
    finally:
        await runner.cleanup()


async def test_callback_pusher_suspends_and_confirms(fake_vk: FakeVK) -> None:
    receiver = Receiver([(500, "x")] * 10)
    runner, url = await serve(receiver.handle)
    try:
        server = fake_vk.callback.add_server(url, vkf.GROUP_ID, retries=1, suspend_after=4)
        for _ in range(3):
            await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
        await fake_vk.journal.wait_for_call("callback", ok=False, n=4)
        assert server.suspended
        await fake_vk.journal.assert_no_call(
            "callback",
            ok=None,
            retry=0,
            event_id=fake_vk.log(vkf.GROUP_ID).events[2]["event_id"],
            within=0.1,
        )
        assert await fake_vk.callback.confirm(url, vkf.GROUP_ID) == "x"
    finally:
        await runner.cleanup()


async def test_scenario_edit_and_user_deletion_events(fake_vk: FakeVK) -> None:
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "first")
    await fake_vk.edit_comment(c, "second")
    await fake_vk.delete_by_user(c, deleter=vkf.ADMIN)
    new, edit, delete = fake_vk.log(vkf.GROUP_ID).events
    assert new["type"] == "wall_reply_new" and new["object"]["post_owner_id"] == -vkf.GROUP_ID
    assert edit["type"] == "wall_reply_edit" and edit["object"]["text"] == "second"
    assert delete["object"]["deleter_id"] == vkf.ADMIN and c.deleted
    assert len({new["event_id"], edit["event_id"], delete["event_id"]}) == 3


async def test_ban_expires_with_the_virtual_clock(fake_vk: FakeVK) -> None:
    end = fake_vk.world.clock.now() + 3600
    await raw(
        fake_vk,
        "groups.ban",
        form=user(group_id=str(vkf.GROUP_ID), owner_id=str(vkf.BOB), end_date=str(end)),
    )
    listing = user(group_id=str(vkf.GROUP_ID))
    assert (await raw(fake_vk, "groups.getBanned", form=listing))["response"]["count"] == 1
    fake_vk.world.clock.advance(3601)
    assert (await raw(fake_vk, "groups.getBanned", form=listing))["response"]["count"] == 0


async def test_get_members_lists_managers_with_roles_to_managers_only(fake_vk: FakeVK) -> None:
    fake_vk.add_admin(vkf.GROUP_ID, vkf.BOB, "moderator")
    fake_vk.add_token("alice", TokenKind.USER, vkf.ALICE, ("groups",))
    managers = {"group_id": str(vkf.GROUP_ID), "filter": "managers", "v": "5.199"}
    for token in (vkf.COMMUNITY_TOKEN, vkf.USER_TOKEN):
        body = await raw(fake_vk, "groups.getMembers", form={"access_token": token, **managers})
        assert body["response"] == {
            "count": 2,
            "items": [
                {"id": vkf.BOB, "role": "moderator"},
                {"id": vkf.ADMIN, "role": "administrator"},
            ],
        }
    body = await raw(fake_vk, "groups.getMembers", form={"access_token": "alice", **managers})
    assert body["error"]["error_code"] == 15
