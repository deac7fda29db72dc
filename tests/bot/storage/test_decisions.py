"""Decisions, analyses, actions and cards recorded together, once per comment revision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.engine import Database
from bot.storage.repositories import SqlActionRepository, SqlCardRepository, SqlDecisionRepository
from moderation.decision import Verdict
from moderation.records import ActionStatus
from tests.bot.storage.conftest import make_comment, make_decision


async def test_record_writes_decision_analysis_actions_and_card(db: Database) -> None:
    decisions = SqlDecisionRepository(db)
    new = make_decision(make_comment("1"), verdict=Verdict.BAN)
    recorded = await decisions.record(new)
    assert recorded.created
    assert recorded.decision.decision == new.decision
    assert recorded.decision.comment == new.comment
    assert recorded.decision.versions == {"model": "m-1", "lexicon": "lex-abc"}
    assert [a.action for a in recorded.actions] == list(new.decision.actions)
    assert all(a.status is ActionStatus.PENDING and a.attempts == 0 for a in recorded.actions)
    assert recorded.card is not None and recorded.card.id > 0
    stored = await decisions.get(new.comment.key)
    assert stored == recorded.decision
    assert stored.analysis["score"] == 0.93
    assert await SqlCardRepository(db).get(recorded.card.id) == recorded.card
    assert len(await SqlActionRepository(db).for_comment(new.comment.key)) == 2


async def test_recording_the_same_comment_twice_writes_nothing_new(db: Database) -> None:
    decisions = SqlDecisionRepository(db)
    first = await decisions.record(make_decision(make_comment("1")))
    later = make_decision(
        make_comment("1"), verdict=Verdict.BAN, at=datetime(2026, 3, 1, 13, 0, tzinfo=UTC)
    )
    again = await decisions.record(later)
    assert not again.created
    assert again.decision == first.decision  # the stored one, not the new attempt
    assert again.actions == first.actions
    assert again.card == first.card
    assert len(await SqlActionRepository(db).for_comment(later.comment.key)) == 1


async def test_dry_run_actions_are_recorded_as_skipped(db: Database) -> None:
    recorded = await SqlDecisionRepository(db).record(
        make_decision(make_comment("1"), execute=False, card=False)
    )
    assert [a.status for a in recorded.actions] == [ActionStatus.SKIPPED]
    assert recorded.card is None
    assert (await SqlActionRepository(db).retryable(5, 10)) == ()


async def test_record_many_keeps_order_and_handles_duplicates(db: Database) -> None:
    decisions = SqlDecisionRepository(db)
    await decisions.record(make_decision(make_comment("0")))
    batch = [make_decision(make_comment(cid), card=cid != "2") for cid in ("0", "1", "2", "3", "1")]
    recorded = await decisions.record_many(batch)
    assert [r.decision.comment.comment_id for r in recorded] == ["0", "1", "2", "3", "1"]
    assert [r.created for r in recorded] == [False, True, True, True, False]
    assert recorded[2].card is None
    card_ids = [r.card.id for r in recorded if r.card]
    assert len(card_ids) == 4 and len(set(card_ids)) == 3  # "1" twice is the same card
    assert recorded[4].decision.id == recorded[1].decision.id
    assert await decisions.record_many([]) == []


async def test_since_lists_a_communitys_decisions_oldest_first(db: Database) -> None:
    decisions = SqlDecisionRepository(db)
    t0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    for n in range(3):
        await decisions.record(make_decision(make_comment(str(n)), at=t0 + timedelta(hours=n)))
    await decisions.record(make_decision(make_comment("x", community_id="other")))
    found = await decisions.since("news-kz", t0 + timedelta(hours=1))
    assert [r.comment.comment_id for r in found] == ["1", "2"]
    assert all(r.versions["lexicon"] == "lex-abc" for r in found)
    assert await decisions.get(make_comment("missing").key) is None


async def test_each_card_of_a_batch_is_stored_with_its_own_comment(db: Database) -> None:
    """On PostgreSQL a batch's cards go in as arrays and their new ids are matched back by
    decision: every card read back by its id is the card of the comment it was made for."""
    decisions, cards = SqlDecisionRepository(db), SqlCardRepository(db)
    batch = [make_decision(make_comment(str(n))) for n in range(7)]
    recorded = await decisions.record_many(batch)
    for new, stored in zip(batch, recorded, strict=True):
        assert stored.card is not None
        assert await cards.get(stored.card.id) == stored.card
        assert stored.card.comment == new.comment
    assert len({r.card.id for r in recorded if r.card}) == len(batch)


def test_the_batch_insert_writes_every_stored_field_of_a_card() -> None:
    from bot.storage.repositories.card import CARD_COLUMNS, card_values

    new = make_decision(make_comment("1"))
    assert new.card is not None
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert (*card_values(new.card, at), "decision_id") == CARD_COLUMNS


async def test_a_batch_records_its_strikes_with_it_once(db: Database) -> None:
    from bot.storage.repositories import SqlStrikeRepository
    from moderation.records import Strike

    decisions, strikes = SqlDecisionRepository(db), SqlStrikeRepository(db)
    first, second = make_decision(make_comment("1")), make_decision(make_comment("2"))
    user = first.comment.user
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    struck = [Strike(user, first.comment.key, at, "obscene")]
    await decisions.record_many([first], struck)
    again = [*struck, Strike(user, second.comment.key, at, "insult")]
    recorded = await decisions.record_many([first, second], again)
    assert [r.created for r in recorded] == [False, True]
    stored = await strikes.active(user, at)
    assert sorted(s.reason for s in stored) == ["insult", "obscene"]
    assert (await decisions.get(second.comment.key)) == recorded[1].decision
