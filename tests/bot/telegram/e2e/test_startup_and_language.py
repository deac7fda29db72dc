"""Start-up rights report, Kazakh UI, and deletions of messages already gone."""

from __future__ import annotations

from datetime import UTC, datetime

from moderation.decision import Verdict
from moderation.ports import Digest
from moderation.records import ActionStatus
from tests.bot.telegram.e2e.conftest import StartApp, World, eventually, side_of
from tests.fakes.telegram.server import FakeTelegram

PROFANE = "ты тупой урод, иди нахуй"


async def test_missing_rights_are_reported_to_the_moderators(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    fake_telegram.add_bot(world.group, can_restrict_members=False)
    fake_telegram.add_bot(world.discussion, admin=False)
    app = await start_app()
    report = await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.mods.id, text=lambda t: str(world.group.id) in t
    )
    assert "can_restrict_members" in report.params["text"]
    assert "can_delete_messages" not in report.params["text"]
    await fake_telegram.wait_for_call(
        "sendMessage",
        chat_id=world.mods.id,
        text=lambda t: str(world.discussion.id) in t and "не администратор" in t,
    )
    assert len(side_of(app).rights_report) == 2


async def test_kazakh_chat_gets_kazakh_cards_and_answers(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    await start_app(lang="kk")
    await fake_telegram.comment(world.alice, world.group, "ты тупой урод")  # an insult
    card = await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.mods.id, reply_markup=lambda m: bool(m)
    )
    assert card.params["text"].startswith("🚫 Пікір жасырылды\nСебебі: Қорлау: «ты тупой»")
    buttons = card.params["reply_markup"]["inline_keyboard"][0]
    assert buttons[0]["text"] == "↩️ Қалпына келтіру"
    message = await fake_telegram.comment(world.mod, world.mods, "/addword жаман")
    refusal = await fake_telegram.wait_for_call(
        "sendMessage",
        chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == message.message_id,
    )
    assert "тек әкімшілерге арналған" in refusal.params["text"]
    usage = await fake_telegram.comment(world.admin, world.mods, "/threshold")
    answer = await fake_telegram.wait_for_call(
        "sendMessage",
        chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == usage.message_id,
    )
    assert answer.params["text"].startswith("Қолданылуы")


async def test_message_already_deleted_counts_as_done(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app()
    fake_telegram.fail_next(
        "deleteMessage", "error", code=400, reason="Bad Request: message to delete not found"
    )
    message = await fake_telegram.comment(world.alice, world.group, PROFANE)
    await fake_telegram.wait_for_call("deleteMessage", ok=False, message_id=message.message_id)

    async def hide_done() -> bool:
        decisions = await app.kernel.repos.decisions.since("shop", datetime(2000, 1, 1, tzinfo=UTC))
        if not decisions:
            return False
        actions = await app.kernel.repos.actions.for_comment(decisions[0].comment.key)
        return any(a.action.kind == "hide" and a.status is ActionStatus.DONE for a in actions)

    await eventually(hide_done)
    assert len(fake_telegram.calls("deleteMessage", ok=None)) == 1


async def test_digest_goes_to_the_moderators_chat(
    fake_telegram: FakeTelegram, world: World, start_app: StartApp
) -> None:
    app = await start_app(lang="kk")
    since = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    until = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    await app.kernel.notifier.send_digest(
        Digest("shop", str(world.mods.id), since, until, {Verdict.HIDE: 3}, ui_lang="kk")
    )
    sent = await fake_telegram.wait_for_call(
        "sendMessage", chat_id=world.mods.id, text=lambda t: "Түнгі есеп" in t
    )
    assert "3" in sent.params["text"]
