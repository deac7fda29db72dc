"""Self-tests of the fake Telegram's protocol: encodings, envelope, polling, webhook, faults.

Raw aiohttp requests are used on purpose: they exercise what aiogram never sends (JSON
bodies, query strings, GET, wrong case) so the fake stays a faithful Bot API server.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.fakes.telegram import FakeTelegram
from tests.fakes.telegram.rawclient import call


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.parametrize("how", ["form", "json", "query", "multipart"])
async def test_every_encoding_reaches_the_method_with_typed_params(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession, how: str
) -> None:
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    markup = {"inline_keyboard": [[{"text": "Undo", "callback_data": "undo:1"}]]}
    status, body, _ = await call(
        http,
        fake_telegram,
        "SENDMESSAGE",
        how=how,
        chat_id=group.id,
        text="hi",
        disable_notification="true" if how != "json" else True,
        reply_markup=json.dumps(markup) if how != "json" else markup,
    )
    assert status == 200 and body["ok"] is True
    sent = await fake_telegram.wait_for_call("sendMessage")
    assert sent.params["chat_id"] == group.id
    assert sent.params["disable_notification"] is True
    assert sent.params["reply_markup"] == markup
    assert body["result"]["reply_markup"] == markup


async def test_envelope_for_unknown_method_token_and_path(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    status, body, headers = await call(http, fake_telegram, "noSuchMethod")
    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    assert headers["Content-Type"].startswith("application/json")
    async with http.post(f"{fake_telegram.api_base}/bot1:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    async with http.get(f"{fake_telegram.api_base}/elsewhere") as response:
        assert response.status == 404


async def test_unknown_parameter_is_a_violation() -> None:
    async with FakeTelegram() as tg, aiohttp.ClientSession() as session:
        status, body, _ = await call(session, tg, "getMe", bogus="1")
        assert status == 400 and "unknown parameter 'bogus'" in body["description"]
        assert tg.violations
        tg.violations.clear()  # seen; the context manager would otherwise fail this test


async def test_429_has_header_and_parameters(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    fake_telegram.fail_next("getMe", "retry_after", retry_after=7)
    status, body, headers = await call(http, fake_telegram, "getMe")
    assert status == 429 and headers["Retry-After"] == "7"
    assert body == {
        "ok": False,
        "error_code": 429,
        "parameters": {"retry_after": 7},
        "description": "Too Many Requests: retry after 7",
    }
    status, body, _ = await call(http, fake_telegram, "getMe")
    assert status == 200 and body["result"]["id"] == 123456


async def test_get_updates_offset_confirms_and_unconfirmed_come_back(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    ann = fake_telegram.add_user("Ann")
    for text in ("one", "two", "three"):
        await fake_telegram.comment(ann, group, text)
    _, first, _ = await call(http, fake_telegram, "getUpdates", limit=2)
    ids = [u["update_id"] for u in first["result"]]
    assert len(ids) == 2
    _, again, _ = await call(http, fake_telegram, "getUpdates")
    assert [u["update_id"] for u in again["result"]][:2] == ids  # not confirmed yet
    _, rest, _ = await call(http, fake_telegram, "getUpdates", offset=ids[-1] + 1)
    assert [u["message"]["text"] for u in rest["result"]] == ["three"]


async def test_long_poll_wakes_on_update_and_second_poll_conflicts(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    first = asyncio.create_task(call(http, fake_telegram, "getUpdates", timeout=50))
    await asyncio.wait_for(fake_telegram.queue.parked.wait(), 5)
    second = asyncio.create_task(call(http, fake_telegram, "getUpdates", timeout=50))
    status, body, _ = await first
    assert status == 409 and "terminated by other getUpdates request" in body["description"]
    await fake_telegram.comment(fake_telegram.add_user("Ann"), group, "wake up")
    status, body, _ = await second
    assert status == 200 and body["result"][0]["message"]["text"] == "wake up"


async def test_allowed_updates_filter_new_updates(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    ann = fake_telegram.add_user("Ann")
    await call(http, fake_telegram, "getUpdates", allowed_updates='["edited_message"]')
    message = await fake_telegram.comment(ann, group, "hello")
    await fake_telegram.edit(message, "hello!")
    _, body, _ = await call(http, fake_telegram, "getUpdates")
    assert [list(u)[1] for u in body["result"]] == ["edited_message"]


async def test_webhook_blocks_polling_and_pushes_with_secret_and_retries(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    answers = [500, 200]
    seen: list[str | None] = []

    async def hook(request: web.Request) -> web.Response:
        seen.append(request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        status = answers.pop(0)
        body = {"method": "sendMessage", "chat_id": group.id, "text": "from reply"}
        return web.json_response(body if status == 200 else {}, status=status)

    group = fake_telegram.add_chat("G")
    fake_telegram.add_bot(group)
    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        status, body, _ = await call(
            http, fake_telegram, "setWebhook", url=url, secret_token="s3cret"
        )
        assert body == {"ok": True, "result": True, "description": "Webhook was set"}
        status, body, _ = await call(http, fake_telegram, "getUpdates")
        assert status == 409 and "webhook is active" in body["description"]
        message = await fake_telegram.comment(fake_telegram.add_user("Ann"), group, "hi")
        push = await fake_telegram.pushes.wait_for_call("webhookPush", ok=True)
        assert push.params["update"]["message"]["message_id"] == message.message_id
        assert seen == ["s3cret", "s3cret"]  # the 500 was retried with the header again
        reply = await fake_telegram.wait_for_call("sendMessage", text="from reply")
        assert reply.source == "webhook-reply"
        _, info, _ = await call(http, fake_telegram, "getWebhookInfo")
        assert info["result"]["pending_update_count"] == 0
        assert "last_error_date" in info["result"]
    finally:
        await runner.cleanup()


async def test_moderation_rules_and_error_texts(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    tg = fake_telegram
    group = tg.add_chat("G")
    tg.add_bot(group, can_restrict_members=False)
    ann, boss = tg.add_user("Ann"), tg.add_user("Boss")
    tg.make_admin(group, boss)
    old = await tg.comment(ann, group, "old")
    tg.advance(48 * 3600 + 1)
    fresh = await tg.comment(ann, group, "fresh")

    async def error(method: str, **params: Any) -> str:
        status, body, _ = await call(http, tg, method, **params)
        assert status == body["error_code"] == 400
        return str(body["description"])

    assert await error("deleteMessage", chat_id=group.id, message_id=old.message_id) == (
        "Bad Request: message can't be deleted"
    )
    assert await error("deleteMessage", chat_id=group.id, message_id=999) == (
        "Bad Request: message to delete not found"
    )
    assert await error("banChatMember", chat_id=group.id, user_id=ann.id) == (
        "Bad Request: not enough rights to restrict/unrestrict chat member"
    )
    assert await error("deleteMessage", chat_id=-42, message_id=1) == "Bad Request: chat not found"
    tg.add_bot(group)  # now with restrict rights
    assert await error("banChatMember", chat_id=group.id, user_id=boss.id) == (
        "Bad Request: user is an administrator of the chat"
    )
    status, _, _ = await call(
        http, tg, "banChatMember", chat_id=group.id, user_id=ann.id, until_date=tg.clock.now() + 10
    )
    assert status == 200
    assert tg.member(group, ann).status == "kicked"
    assert tg.member(group, ann).until_date == 0  # < 30 s from now means forever
    assert fresh.deleted  # supergroup bans always revoke the user's messages


async def test_faults_drop_and_bad_gateway(
    fake_telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    fake_telegram.fail_next("getMe", "drop")
    with pytest.raises(aiohttp.ClientError):
        await call(http, fake_telegram, "getMe")
    fake_telegram.fail_next("getMe", "bad_gateway")
    async with http.post(f"{fake_telegram.api_base}/bot{fake_telegram.token}/getMe") as response:
        assert response.status == 502 and "Bad Gateway" in await response.text()
    assert [c.fault for c in fake_telegram.calls("getMe", ok=None)] == ["drop", "bad_gateway"]
    await fake_telegram.assert_no_call("getMe", ok=True, within=0.05)
