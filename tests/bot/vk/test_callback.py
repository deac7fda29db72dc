"""The Callback API endpoint: the pure decision, and the handler fed by the fake VK's pusher."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from bot.vk.callback import CallbackConfig, decide, make_callback_handler
from tests.fakes.vk import FakeVK
from tests.fakes.vk import fixtures as vkf

CONFIG = CallbackConfig(group_id=vkf.GROUP_ID, confirmation="a1b2c3d4", secret="s3cret")
CONFIGS = {vkf.GROUP_ID: CONFIG}


def body(**fields: Any) -> bytes:
    event = {
        "type": "wall_reply_new",
        "group_id": vkf.GROUP_ID,
        "event_id": "e1",
        "v": "5.199",
        "secret": "s3cret",
        "object": {"id": 1, "text": "hi"},
    }
    event.update(fields)
    return json.dumps({k: v for k, v in event.items() if v is not None}).encode()


def test_confirmation_answers_the_configured_string() -> None:
    decision = decide(
        json.dumps({"type": "confirmation", "group_id": vkf.GROUP_ID}).encode(), CONFIGS
    )
    assert (decision.status, decision.body, decision.event) == (200, "a1b2c3d4", None)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (body(secret="wrong"), 403),
        (body(secret=None), 403),
        (body(group_id=1), 403),
        (b"{not json", 400),
        (b"[1]", 400),
        (body(event_id=None), 400),
        (body(group_id="x"), 400),
        (body(object=None), 400),
        (b'{"type": "a"}', 400),
        (
            json.dumps(
                {"type": "confirmation", "group_id": vkf.GROUP_ID, "secret": "bad"}
            ).encode(),
            403,
        ),
    ],
)
def test_rejections(raw: bytes, status: int) -> None:
    decision = decide(raw, CONFIGS)
    assert decision.status == status and decision.event is None


def test_event_is_stored_without_the_secret() -> None:
    decision = decide(body(), CONFIGS)
    assert decision.status == 200 and decision.body == "ok"
    assert decision.event is not None and "secret" not in decision.event
    assert decision.event["event_id"] == "e1"


class Inbox:
    """Idempotent on event_id like the real inbox; fails or stalls on demand."""

    def __init__(self) -> None:
        self.events: dict[str, dict[str, Any]] = {}
        self.attempts = 0
        self.fail_next = 0
        self.stall_next = 0.0

    async def store(self, event: dict[str, Any]) -> None:
        self.attempts += 1
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("database is down")
        self.events.setdefault(event["event_id"], event)
        if self.stall_next:  # stored, but the answer comes too late for VK
            delay, self.stall_next = self.stall_next, 0.0
            await asyncio.sleep(delay)


@pytest.fixture
async def endpoint() -> AsyncIterator[tuple[str, Inbox]]:
    inbox = Inbox()
    app = web.Application()
    app.router.add_post("/vk/callback", make_callback_handler(CONFIG, inbox.store))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/vk/callback", inbox
    await runner.cleanup()


async def test_confirmation_handshake(fake_vk: FakeVK, endpoint: tuple[str, Inbox]) -> None:
    url, inbox = endpoint
    assert await fake_vk.callback.confirm(url, vkf.GROUP_ID) == "a1b2c3d4"
    assert inbox.attempts == 0


async def test_comment_is_stored_then_ok(fake_vk: FakeVK, endpoint: tuple[str, Inbox]) -> None:
    url, inbox = endpoint
    fake_vk.callback.add_server(url, vkf.GROUP_ID, secret="s3cret")
    c = await fake_vk.comment(vkf.ALICE, fake_vk.post, "сәлем")
    call = await fake_vk.journal.wait_for_call("callback", type="wall_reply_new")
    assert call.params["retry"] == 0
    [event] = inbox.events.values()
    assert event["object"]["id"] == c.id and event["object"]["text"] == "сәлем"


async def test_wrong_secret_is_403_and_nothing_stored(
    fake_vk: FakeVK, endpoint: tuple[str, Inbox]
) -> None:
    url, inbox = endpoint
    fake_vk.callback.add_server(url, vkf.GROUP_ID, secret="forged", retries=0)
    await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    call = await fake_vk.journal.wait_for_call("callback", ok=False)
    assert call.status == 403 and inbox.attempts == 0 and not inbox.events


async def test_wrong_group_and_malformed_json(fake_vk: FakeVK, endpoint: tuple[str, Inbox]) -> None:
    url, inbox = endpoint
    assert (await fake_vk.callback.post(url, json.loads(body(group_id=1))))[0] == 403
    assert await fake_vk.callback.post(url, "{oops") == (400, "malformed JSON")
    assert inbox.attempts == 0


async def test_store_failure_is_not_ok_and_resend_stored_once(
    fake_vk: FakeVK, endpoint: tuple[str, Inbox]
) -> None:
    url, inbox = endpoint
    inbox.fail_next = 1
    fake_vk.callback.add_server(url, vkf.GROUP_ID, secret="s3cret")
    await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    failed = await fake_vk.journal.wait_for_call("callback", ok=False)
    assert failed.status == 500 and failed.params["retry"] == 0
    resent = await fake_vk.journal.wait_for_call("callback", retry=1)
    assert resent.ok and len(inbox.events) == 1 and inbox.attempts == 2


async def test_slow_answer_resend_is_stored_once(
    fake_vk: FakeVK, endpoint: tuple[str, Inbox]
) -> None:
    url, inbox = endpoint
    inbox.stall_next = 0.5
    fake_vk.callback.add_server(url, vkf.GROUP_ID, secret="s3cret", timeout=0.2)
    await fake_vk.comment(vkf.ALICE, fake_vk.post, "x")
    await fake_vk.journal.wait_for_call("callback", retry=1)
    await fake_vk.journal.assert_no_call("callback", retry=2, within=0.1)
    assert len(inbox.events) == 1 and inbox.attempts == 2
