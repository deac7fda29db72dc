"""Actions keyed by idempotency key; cards saved compare-and-set so the first tap wins."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage.engine import Database
from bot.storage.errors import NotFoundError
from bot.storage.repositories import SqlActionRepository, SqlCardRepository
from moderation.decision import Action, ActionKind, Verdict
from moderation.records import ActionStatus, Card, CardKind, CardState, Quote
from tests.bot.storage.conftest import FakeClock, make_comment

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_add_is_idempotent_per_key(db: Database) -> None:
    actions = SqlActionRepository(db)
    hide = Action(ActionKind.HIDE, make_comment("1").key)
    first = await actions.add(hide, T0)
    again = await actions.add(hide, T0 + timedelta(minutes=1))
    assert first == again
    assert first.status is ActionStatus.PENDING
    assert first.idempotency_key == hide.idempotency_key
    restore = Action(ActionKind.RESTORE, hide.comment, origin="card:1:0")
    await actions.add(restore, T0)
    assert [r.action for r in await actions.for_comment(hide.comment)] == [hide, restore]
    assert await actions.get("nope") is None


async def test_update_counts_attempts_and_keeps_the_outcome(db: Database) -> None:
    actions = SqlActionRepository(db)
    reply = Action(ActionKind.REPLY, make_comment("1").key, params={"text": "Рахмет!"})
    await actions.add(reply, T0)
    failed = await actions.update(
        reply.idempotency_key, ActionStatus.FAILED, at=T0, error="429 Too Many Requests"
    )
    assert (failed.status, failed.attempts, failed.last_error) == (
        ActionStatus.FAILED,
        1,
        "429 Too Many Requests",
    )
    done = await actions.update(
        reply.idempotency_key, ActionStatus.DONE, at=T0 + timedelta(seconds=5), result="msg-77"
    )
    assert (done.status, done.attempts, done.last_error, done.result) == (
        ActionStatus.DONE,
        2,
        None,
        "msg-77",
    )
    assert done.updated_at == T0 + timedelta(seconds=5)
    assert await actions.get(reply.idempotency_key) == done
    with pytest.raises(NotFoundError):
        await actions.update("missing", ActionStatus.DONE, at=T0)


async def test_retryable_lists_pending_and_failed_under_the_limit(db: Database) -> None:
    actions = SqlActionRepository(db)
    keys = [make_comment(str(n)).key for n in range(4)]
    for key in keys:
        await actions.add(Action(ActionKind.HIDE, key), T0)
    hide = [Action(ActionKind.HIDE, key).idempotency_key for key in keys]
    await actions.update(hide[0], ActionStatus.DONE, at=T0)
    await actions.update(hide[1], ActionStatus.FAILED, at=T0, error="x")
    await actions.update(hide[2], ActionStatus.FAILED, at=T0, error="x")
    await actions.update(hide[2], ActionStatus.FAILED, at=T0, error="x")
    await actions.add(Action(ActionKind.HIDE, make_comment("dry").key, execute=False), T0)
    retry = await actions.retryable(max_attempts=2, limit=10)
    assert [r.idempotency_key for r in retry] == [hide[1], hide[3]]
    assert len(await actions.retryable(max_attempts=2, limit=1)) == 1


def _card(comment_id: str = "1", **changes: object) -> Card:
    card = Card(
        id=0,
        community_id="news-kz",
        kind=CardKind.MODERATION,
        state=CardState.HELD,
        comment=make_comment(comment_id),
        verdict=Verdict.REVIEW,
        reasons=(),
        created_at=T0,
        chat_id="-1004444",
    )
    return replace(card, **changes)  # type: ignore[arg-type]


async def test_card_round_trip_and_lookup_by_message(db: Database, clock: FakeClock) -> None:
    cards = SqlCardRepository(db, clock)
    quotes = (Quote("insult", "ақымақ", 4, 13), Quote("obscene", "бля", 20, 23))
    card = await cards.add(
        _card(night=True, failures=("hide: 403",), ui_lang="kk", score=0.7, quotes=quotes)
    )
    assert card.id > 0 and card.version == 0
    assert await cards.get(card.id) == card
    assert (await cards.get(card.id)).quotes == quotes  # type: ignore[union-attr]
    older = await cards.add(_card("2"))  # a card from before cards carried quotes
    assert (await cards.get(older.id)).quotes is None  # type: ignore[union-attr]
    posted = await cards.save(replace(card, message_id="555"))
    assert posted is not None and posted.version == 1
    assert await cards.by_message("-1004444", "555") == posted
    assert await cards.by_message("-1004444", "556") is None
    assert await cards.get(999_999) is None


async def test_save_is_compare_and_set(db: Database, clock: FakeClock) -> None:
    cards = SqlCardRepository(db, clock)
    card = await cards.add(_card())
    alice = replace(card, state=CardState.HIDDEN, handled_by="tg:1", handled_at=T0)
    bob = replace(card, state=CardState.ALLOWED, handled_by="tg:2", handled_at=T0)
    assert await cards.save(alice) is not None
    assert await cards.save(bob) is None  # computed from version 0, which is gone
    stored = await cards.get(card.id)
    assert stored is not None and (stored.state, stored.handled_by) == (CardState.HIDDEN, "tg:1")


async def test_two_moderators_at_once_exactly_one_wins(database_url: str, db: Database) -> None:
    card = await SqlCardRepository(db).add(_card())
    others = [Database(database_url) for _ in range(2)]
    try:
        results = await asyncio.gather(
            *(
                SqlCardRepository(other).save(
                    replace(card, state=CardState.HIDDEN, handled_by=f"tg:{n}")
                )
                for n, other in enumerate(others)
            )
        )
    finally:
        for other in others:
            await other.dispose()
    assert sorted(result is None for result in results) == [False, True]


async def test_due_and_open(db: Database, clock: FakeClock) -> None:
    cards = SqlCardRepository(db, clock)
    now = T0 + timedelta(hours=2)
    waiting = await cards.add(_card("1", deliver_after=now + timedelta(hours=6)))
    ready = await cards.add(_card("2", deliver_after=now - timedelta(minutes=1)))
    plain = await cards.add(_card("3", kind=CardKind.DRAFT, state=CardState.PENDING))
    posted = await cards.add(_card("4"))
    await cards.save(replace(posted, message_id="9"))
    handled = await cards.add(_card("5", state=CardState.ALLOWED))
    assert [c.id for c in await cards.due(now, 10)] == [ready.id, plain.id, handled.id]
    assert [c.id for c in await cards.due(now, 1)] == [ready.id]
    assert {c.id for c in await cards.open("news-kz", now)} == {
        waiting.id,
        ready.id,
        plain.id,
        posted.id,
    }
    assert await cards.open("news-kz", T0) == ()
    assert await cards.open("other", now) == ()


async def test_save_many_is_compare_and_set_per_card(db: Database, clock: FakeClock) -> None:
    cards = SqlCardRepository(db, clock)
    first, second = await cards.add(_card("1")), await cards.add(_card("2"))
    await cards.save(replace(second, handled_by="tg:9"))  # second is now at version 1
    results = await cards.save_many(
        [
            replace(first, state=CardState.HIDDEN, message_id="77"),
            replace(second, state=CardState.ALLOWED),  # stale: computed from version 0
            replace(first, state=CardState.ALLOWED),  # the same card twice: first one wins
        ]
    )
    assert results[0] is not None and results[0].version == 1
    assert results[1] is None and results[2] is None
    stored = await cards.get(first.id)
    assert stored == results[0]
    assert await cards.by_message("-1004444", "77") == results[0]
    assert await cards.save_many([]) == []


async def test_batched_action_writes(db: Database) -> None:
    from bot.storage.repositories.action import ActionUpdate
    from moderation.records import AttemptStart

    actions = SqlActionRepository(db)
    keys = []
    for n in range(3):
        record = await actions.add(Action(ActionKind.HIDE, make_comment(str(n)).key), T0)
        keys.append(record.idempotency_key)
    await actions.update(keys[2], ActionStatus.DONE, at=T0)
    starts = await actions.begin_attempts([(k, T0) for k in keys])
    assert starts == [AttemptStart.STARTED, AttemptStart.STARTED, AttemptStart.FINAL]
    # Claimed and not finished: busy for everyone else, until the claim goes stale...
    assert await actions.begin_attempts([(keys[0], T0)]) == [AttemptStart.BUSY]
    later = T0 + timedelta(minutes=2)
    assert await actions.begin_attempt(keys[0], later) is AttemptStart.STARTED
    # ...or its instance is found dead and its claims are given back.
    assert await actions.release_in_flight([actions.instance]) == 2
    assert await actions.begin_attempt(keys[0], T0) is AttemptStart.STARTED
    updated = await actions.update_many(
        [
            ActionUpdate(keys[0], ActionStatus.FAILED, T0, error="outcome unknown"),
            ActionUpdate(keys[1], ActionStatus.DONE, T0 + timedelta(seconds=1), result="ok"),
        ]
    )
    assert [(r.status, r.attempts, r.result) for r in updated] == [
        (ActionStatus.FAILED, 1, None),
        (ActionStatus.DONE, 1, "ok"),
    ]
    assert await actions.begin_attempt(keys[0], T0) is AttemptStart.STARTED  # a retry
    assert [r.idempotency_key for r in await actions.retryable(5, 10)] == [keys[0]]
    with pytest.raises(NotFoundError):
        await actions.update_many([ActionUpdate("missing", ActionStatus.DONE, T0)])
