"""/stats (a PNG via sendPhoto), /unanswered, and a reminder's "no answer needed" button,
end to end through the fake Bot API with the real app and its SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import App
from bot.reporting.chores import MonitoringChores
from bot.reporting.monitor import MONITORING_KEY, Monitoring
from bot.reporting.wiring import CHORES_KEY
from classifiers.vocabulary import Intent, Lang
from moderation.comment import Author, Comment, Platform
from moderation.decision import Decision, Draft, DraftSource, Reason, ReasonCode, Verdict
from moderation.ports import NewDecision
from moderation.records import Card, CardKind, CardState
from tests.bot.telegram.e2e.conftest import StartApp, World, eventually
from tests.fakes.telegram.journal import Call
from tests.fakes.telegram.server import FakeTelegram


async def _run(tg: FakeTelegram, world: World, text: str, method: str = "sendMessage") -> Call:
    message = await tg.comment(world.admin, world.mods, text)
    return await tg.wait_for_call(
        method, chat_id=world.mods.id,
        reply_parameters=lambda r: r.get("message_id") == message.message_id,
    )  # fmt: skip


@pytest.fixture
async def app(start_app: StartApp) -> App:
    return await start_app()


def _monitoring(app: App) -> Monitoring:
    found = app.kernel.extras[MONITORING_KEY]
    assert isinstance(found, Monitoring)
    return found


async def _quiet_monitoring(app: App) -> Monitoring:
    """The app's monitoring once the chores' first tick (at start) is over: the next is an
    hour away, so the test's own sweeps and reminders are the only ones."""
    chores = app.kernel.extras[CHORES_KEY]
    assert isinstance(chores, MonitoringChores)
    await eventually(lambda: chores.ticks >= 1)
    return _monitoring(app)


def _comment(world: World, comment_id: str, at: datetime) -> Comment:
    return Comment(
        platform=Platform.TELEGRAM, community_id="shop", chat_id=str(world.group.id),
        post_id=None, comment_id=comment_id, author=Author(id=str(world.alice.id), name="Alice"),
        text="Жеткізу қашан болады?", created_at=at,
    )  # fmt: skip


async def _record(app: App, world: World, comment_id: str, at: datetime, intent: str,
                  verdict: Verdict = Verdict.ALLOW, toxic: bool = False) -> None:  # fmt: skip
    comment = _comment(world, comment_id, at)
    matches = [{"category": "insult", "term": "x"}] if toxic else []
    analysis = {"toxic": toxic, "intent": intent, "score": 0.5, "matches": matches}
    decision = Decision(comment.key, verdict, (Reason(ReasonCode.CLEAN),))
    await app.kernel.repos.decisions.record(NewDecision(comment, decision, analysis, {}, None, at))


async def test_stats_answers_with_a_chart_or_says_why_not(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    usage = await _run(fake_telegram, world, "/stats abc")
    assert "/stats [7|30|90]" in usage.params["text"]
    assert "/stats [7|30|90]" in (await _run(fake_telegram, world, "/stats 12")).params["text"]
    empty = await _run(fake_telegram, world, "/stats")
    assert "Данных пока нет" in empty.params["text"]

    now = app.kernel.clock.now()
    for day in range(1, 6):
        at = now - timedelta(days=day)
        await _record(app, world, f"{day}01", at, "question", Verdict.REPLY)
        await _record(app, world, f"{day}02", at, "other", Verdict.HIDE, toxic=True)
        await _record(app, world, f"{day}03", at, "praise")
    # Records dated in the past are history imported after the empty days were stored:
    # the backfill (`kuzet stats backfill`) recomputes them.
    assert await _monitoring(app).backfill("shop") >= 6
    photo = await _run(fake_telegram, world, "/stats 7", method="sendPhoto")
    caption = photo.params["caption"]
    assert "Shop, за 7 дней" in caption
    assert "Комментариев: 15" in caption and "токсичных: 5" in caption
    assert "Индекс здоровья" in caption
    (png,) = fake_telegram.messaging.photos.values()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


async def test_unanswered_lists_threads_and_a_reminder_is_dismissed_once(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    monitoring = await _quiet_monitoring(app)
    assert (
        "Неотвеченных вопросов нет"
        in (await _run(fake_telegram, world, "/unanswered")).params["text"]
    )
    now = app.kernel.clock.now()
    # Working hours from 00:00 to 23:59 would hide nothing; the defaults (09–21 Almaty) are
    # in force, so the question is placed well inside yesterday's working day.
    asked = now.astimezone(UTC).replace(hour=5, minute=0, second=0) - timedelta(days=1)
    await _record(app, world, "77", asked, "question", Verdict.REPLY)
    listed = await _run(fake_telegram, world, "/unanswered")
    assert "Ждут ответа (1)" in listed.params["text"]
    assert f"https://t.me/c/{str(world.group.id)[4:]}/77" in listed.params["text"]

    assert await monitoring.remind() == 1
    assert await monitoring.remind() == 0  # one reminder per thread
    reminder = await fake_telegram.wait_for_call("sendMessage", chat_id=world.mods.id,
                                                 text=lambda t: t.startswith("⏰"))  # fmt: skip
    assert "Вопрос без ответа" in reminder.params["text"]
    message = fake_telegram.bot_messages(world.mods)[-1]
    (button,) = message.data["reply_markup"]["inline_keyboard"][0]
    assert button["text"] == "Ответ не нужен"
    await fake_telegram.press_button(world.boris, message, button["callback_data"])  # a stranger
    await fake_telegram.press_button(world.mod, message, button["callback_data"])
    edited = await fake_telegram.wait_for_call("editMessageText", chat_id=world.mods.id)
    assert "ответ не нужен" in edited.params["text"] and "Mira" in edited.params["text"]
    assert await monitoring.threads.count_open("shop") == 0
    thread = (await monitoring.threads.opened_between("shop", asked, now))[0]
    assert thread.answered_by is not None and "Mira" in thread.answered_by


async def test_a_reminder_lands_on_the_questions_card_once(
    fake_telegram: FakeTelegram, world: World, app: App
) -> None:
    """The question's draft card is already in the chat: the reminder is a line on that
    card (its buttons kept, "no answer needed" added), not a second message."""
    monitoring = await _quiet_monitoring(app)
    now = app.kernel.clock.now()
    asked = now.astimezone(UTC).replace(hour=5, minute=0, second=0) - timedelta(days=1)
    await _record(app, world, "78", asked, "question", Verdict.REPLY)
    await monitoring.sweep()
    draft = Draft("Ертең жеткіземіз.", Lang.KK, Intent.QUESTION, DraftSource.TEMPLATE)
    card = await app.kernel.repos.cards.add(Card(
        id=0, community_id="shop", kind=CardKind.DRAFT, state=CardState.PENDING,
        comment=_comment(world, "78", asked), verdict=Verdict.REPLY, reasons=(),
        created_at=asked, draft=draft, chat_id=str(world.mods.id), ui_lang="ru",
        deliver_after=now + timedelta(days=30),  # posted by this test, not by the outbox
    ))  # fmt: skip
    message_id = await app.kernel.notifier.post_card(card)
    await app.kernel.repos.cards.posted(card.id, message_id)
    posted_before = len(fake_telegram.bot_messages(world.mods))

    assert await monitoring.remind() == 1
    edited = await fake_telegram.wait_for_call("editMessageText", chat_id=world.mods.id)
    assert str(edited.params["message_id"]) == message_id
    text = edited.params["text"]
    assert "Ертең жеткіземіз." in text and "без ответа уже" in text
    rows = fake_telegram.message(world.mods, int(message_id)).data["reply_markup"][
        "inline_keyboard"
    ]
    assert [b["text"] for b in rows[-1]] == ["Ответ не нужен"]
    assert any(b["callback_data"].startswith("k1:") for b in rows[0])  # the draft's buttons
    assert len(fake_telegram.bot_messages(world.mods)) == posted_before  # nothing new
    assert await monitoring.remind() == 0  # one reminder per thread, restarts included
    (thread,) = await monitoring.threads.opened_between("shop", asked, now)
    assert thread.reminder_message_id == message_id

    dismiss = rows[-1][0]["callback_data"]
    message = fake_telegram.message(world.mods, int(message_id))
    await fake_telegram.press_button(world.mod, message, dismiss)
    closed = await fake_telegram.wait_for_call(
        "editMessageText", chat_id=world.mods.id, text=lambda t: "ответ не нужен" in t
    )
    assert "Mira" in closed.params["text"] and "Ертең жеткіземіз." in closed.params["text"]
    rows = fake_telegram.message(world.mods, int(message_id)).data["reply_markup"][
        "inline_keyboard"
    ]
    assert all(b["callback_data"].startswith("k1:") for row in rows for b in row)
    assert len(fake_telegram.bot_messages(world.mods)) == posted_before
