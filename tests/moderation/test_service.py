"""ModerationService end to end on in-memory ports: idempotency, failures, cards, night."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from classifiers.vocabulary import Category, Intent, Lang
from moderation.approval import Resolution
from moderation.comment import Comment
from moderation.decision import ActionKind, DraftSource, Verdict
from moderation.errors import AlreadyHandled, InvalidTransition, UnknownCommunity
from moderation.policy import AuthorHistory, decide
from moderation.ports import NewDecision
from moderation.records import ActionStatus, Card, CardKind, CardState, Quote, SampleLabel
from moderation.service import card_for
from moderation.settings import NightSettings
from tests.moderation.conftest import (
    SUSPECT,
    TOXIC,
    World,
    make_analysis,
    make_comment,
    match,
    settings,
)

NIGHT_ON = NightSettings(enabled=True, timezone="Asia/Almaty", start="23:00", end="08:00")
AT_NIGHT = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # 01:00 Almaty
QUESTION = make_analysis(intent=Intent.QUESTION, lang=Lang.RU)


async def test_same_comment_twice_is_one_decision_and_one_action(world: World) -> None:
    world.analyzer.default = TOXIC
    comment = make_comment("ужасный текст")
    first = await world.service.handle(comment)
    second = await world.service.handle(comment)
    assert first.created and not second.created
    assert first.record.id == second.record.id
    assert world.gateway.names() == ["hide", "reply"]  # hide + the warning, once each
    assert world.analyzer.calls == 1  # a re-delivery is not even analysed again
    assert len(world.notifier.posted) == 1
    assert len(world.repos.strikes.items) == 1  # type: ignore[attr-defined]


async def test_concurrent_deliveries_act_once(world: World) -> None:
    world.analyzer.default = TOXIC
    comment = make_comment("ужасный текст")
    results = await asyncio.gather(*(world.service.handle(comment) for _ in range(3)))
    assert sum(r.created for r in results) == 1
    assert world.gateway.names().count("hide") == 1


async def test_an_edited_comment_is_a_new_revision(world: World) -> None:
    await world.service.handle(make_comment("нормально"))
    world.analyzer.default = TOXIC
    edited = await world.service.handle(make_comment("теперь гадость", revision=1))
    assert edited.created and edited.decision.verdict is Verdict.HIDE


async def test_failed_action_is_recorded_reported_and_retried(world: World) -> None:
    world.analyzer.default = SUSPECT
    world.settings = settings(hide_threshold=0.55)
    await world.repos.communities.save(world.settings)
    world.gateway.fail.add("hide")
    handled = await world.service.handle(make_comment("грубо"))
    hide = next(r for r in handled.actions if r.action.kind is ActionKind.HIDE)
    assert hide.status is ActionStatus.FAILED and hide.attempts == 1
    assert "ConnectionError" in (hide.last_error or "")
    assert handled.card is not None and handled.card.failures  # shown on the card
    assert world.notifier.posted[0].failures

    world.gateway.fail.clear()
    assert await world.service.retry_due() == ()  # backoff: too early
    world.clock.advance(minutes=1)
    retried = await world.service.retry_due()
    assert [r.status for r in retried] == [ActionStatus.DONE]
    card = await world.repos.cards.get(handled.card.id)
    assert card is not None and card.failures == ()  # the card no longer shows the failure
    assert world.notifier.edited[-1].failures == ()
    assert world.gateway.names().count("hide") == 1
    assert await world.service.retry_due() == ()  # done is never repeated


async def test_unknown_community_is_refused(world: World) -> None:
    stray = replace(make_comment("x"), community_id="nope")
    with pytest.raises(UnknownCommunity):
        await world.service.handle(stray)


async def test_dry_run_reports_but_acts_on_nothing() -> None:
    world = await World(settings(dry_run=True)).start()
    world.analyzer.default = TOXIC
    handled = await world.service.handle(make_comment("гадость"))
    assert handled.decision.verdict is Verdict.HIDE and handled.decision.dry_run
    assert world.gateway.calls == []
    assert {r.status for r in handled.actions} == {ActionStatus.SKIPPED}
    assert world.notifier.posted and world.notifier.posted[0].dry_run
    assert world.repos.strikes.items == {}  # type: ignore[attr-defined]
    # A moderator's tap on a dry-run card is recorded but not sent either.
    assert handled.card is not None
    await world.service.resolve(handled.card.id, Resolution.RESTORE, "mod1")
    assert world.gateway.calls == []


async def test_blacklisted_author_is_hidden_and_admin_ban_is_audited(world: World) -> None:
    comment = make_comment("обычный текст", author_id="13")
    await world.service.admin.ban(comment.user, "admin1", hours=24, reason="spam")
    assert ("ban", "13") in world.gateway.calls
    handled = await world.service.handle(comment)
    assert handled.decision.verdict is Verdict.HIDE
    world.clock.advance(hours=25)  # the ban has run out
    later = await world.service.handle(make_comment("снова", comment_id="2", author_id="13"))
    assert later.decision.verdict is Verdict.ALLOW
    assert [e.action for e in world.repos.audit.items] == ["ban"]  # type: ignore[attr-defined]


async def test_strikes_escalate_to_a_ban_across_comments(world: World) -> None:
    world.analyzer.default = TOXIC
    verdicts = []
    for n in range(3):
        world.clock.advance(hours=1)
        handled = await world.service.handle(make_comment("гадость", comment_id=str(n)))
        verdicts.append(handled.decision.verdict)
    assert verdicts == [Verdict.HIDE, Verdict.HIDE, Verdict.BAN]
    # Each step tells the author (a warning, then the mute, then the ban notice).
    assert world.gateway.names() == [
        "hide",
        "reply",
        "hide",
        "mute",
        "reply",
        "hide",
        "ban",
        "reply",
    ]


async def test_draft_card_approve_sends_once_and_learns(world: World) -> None:
    world.analyzer.default = QUESTION
    handled = await world.service.handle(make_comment("Когда доставка?"))
    card = handled.card
    assert card is not None and card.kind is CardKind.DRAFT and card.state is CardState.PENDING
    assert world.gateway.calls == []  # a draft is never sent without approval
    resolved = await world.service.resolve(card.id, Resolution.SEND, "mod1")
    assert resolved.card.state is CardState.APPROVED and resolved.card.handled_by == "mod1"
    assert world.gateway.names() == ["reply"]
    with pytest.raises(AlreadyHandled):
        await world.service.resolve(card.id, Resolution.SEND, "mod2")
    assert world.gateway.names() == ["reply"]
    samples = await world.repos.samples.all()
    assert [s.label for s in samples] == [SampleLabel.REPLY_APPROVED]
    assert samples[0].reply == card.draft.text  # type: ignore[union-attr]
    assert world.notifier.edited[-1].state is CardState.APPROVED


async def test_edit_sends_the_moderators_text(world: World) -> None:
    world.analyzer.default = QUESTION
    card = (await world.service.handle(make_comment("Когда доставка?"))).card
    assert card is not None
    with pytest.raises(InvalidTransition):
        await world.service.resolve(card.id, Resolution.EDIT, "mod1")  # no text
    resolved = await world.service.resolve(
        card.id, Resolution.EDIT, "mod1", text="Завтра до обеда."
    )
    assert world.gateway.calls == [("reply", "Завтра до обеда.")]
    assert resolved.card.draft is not None
    assert resolved.card.draft.source is DraftSource.MODERATOR
    assert (await world.repos.samples.all())[0].label is SampleLabel.REPLY_EDITED


async def test_restore_then_undo_hides_again(world: World) -> None:
    world.analyzer.default = TOXIC
    card = (await world.service.handle(make_comment("гадость"))).card
    assert card is not None
    assert len(world.repos.strikes.items) == 1  # type: ignore[attr-defined]
    await world.service.resolve(card.id, Resolution.RESTORE, "mod1")
    assert world.repos.strikes.items == {}  # type: ignore[attr-defined]  # forgiven
    undone = await world.service.undo(card.id, "mod2")
    assert undone.card.state is CardState.HIDDEN
    # hide, warning, restore, the warning taken back, hide again
    assert world.gateway.names() == ["hide", "reply", "restore", "hide", "hide"]
    labels = [s.label for s in await world.repos.samples.all()]
    assert labels == [SampleLabel.CLEAN, SampleLabel.TOXIC]
    actions = [e.action for e in world.repos.audit.items]  # type: ignore[attr-defined]
    assert actions == ["card.restore", "undo"]


async def test_ban_from_a_held_card_blacklists_the_author(world: World) -> None:
    world.analyzer.default = SUSPECT
    comment = make_comment("сомнительно")
    card = (await world.service.handle(comment)).card
    assert card is not None and card.state is CardState.HELD
    await world.service.resolve(card.id, Resolution.BAN, "mod1")
    assert world.gateway.names() == ["hide", "ban"]
    assert await world.repos.blacklist.get(comment.user) is not None


async def test_night_hides_holds_cards_until_morning_and_sends_a_digest() -> None:
    world = await World(settings(night=NIGHT_ON), AT_NIGHT).start()
    world.analyzer.by_text["сомнительно"] = SUSPECT
    world.analyzer.by_text["Когда доставка?"] = QUESTION
    held = await world.service.handle(make_comment("сомнительно", comment_id="1"))
    draft = await world.service.handle(make_comment("Когда доставка?", comment_id="2"))
    assert held.decision.verdict is Verdict.HIDE and world.gateway.names() == ["hide"]
    assert world.notifier.posted == []  # nothing pings the chat at night
    assert await world.service.release_due() == ()

    world.clock.current = datetime(2026, 3, 11, 3, 0, tzinfo=UTC)  # 08:00 Almaty
    released = await world.service.release_due()
    assert {c.comment.comment_id for c in released} == {"1", "2"}
    assert draft.card is not None
    digest = await world.service.send_digest(held.record.comment.community_id)
    assert digest is not None and world.notifier.digests == [digest]
    assert digest.counts[Verdict.HIDE] == 1 and digest.counts[Verdict.REPLY] == 1
    assert digest.extra["night_review"] == 2


async def test_notifier_outage_keeps_the_card_for_later(world: World) -> None:
    world.analyzer.default = SUSPECT
    world.notifier.down = True
    handled = await world.service.handle(make_comment("сомнительно"))
    assert handled.card is not None and handled.card.message_id is None
    world.notifier.down = False
    released = await world.service.release_due()
    assert len(released) == 1 and released[0].message_id == "m1"


async def test_stale_drafts_expire(world: World) -> None:
    world.analyzer.default = QUESTION
    card = (await world.service.handle(make_comment("Когда доставка?"))).card
    assert card is not None
    assert await world.service.expire_drafts(card.community_id, timedelta(hours=6)) == ()
    world.clock.advance(hours=7)
    expired = await world.service.expire_drafts(card.community_id, timedelta(hours=6))
    assert [c.state for c in expired] == [CardState.EXPIRED]
    with pytest.raises(AlreadyHandled):
        await world.service.resolve(card.id, Resolution.SEND, "mod1")
    assert world.gateway.calls == []


class Crash(BaseException):
    """The process dying: not an Exception, so nothing on the way catches it."""


async def test_crash_between_record_and_act_is_finished_on_redelivery(world: World) -> None:
    world.analyzer.default = TOXIC
    comment = make_comment("гадость")
    # What `handle` does up to the record, then the worker dies.
    s = await world.service.settings(comment.community_id)
    analysis, kit = await world.service.analyze(comment, s)
    decision = decide(comment, analysis, s, AuthorHistory(), world.clock.now(), kit)
    card = card_for(comment, decision, analysis, s, world.clock.now())
    await world.repos.decisions.record(
        NewDecision(comment, decision, analysis.to_json(), {}, card, world.clock.now())
    )
    assert world.gateway.calls == []
    handled = await world.service.handle(comment)  # the inbox hands it out again
    assert not handled.created
    assert world.gateway.names() == ["hide", "reply"]
    assert len(world.repos.strikes.items) == 1  # type: ignore[attr-defined]
    await world.service.handle(comment)
    assert world.gateway.names() == ["hide", "reply"]


async def test_crash_mid_send_doubles_at_most_that_one_send(world: World) -> None:
    """A send claimed and made, then the process dies before storing it: while the claim
    stands (its instance may be alive) it is not repeated; once the dead instance's claim
    is given back it goes out once more, and never a third time."""
    world.analyzer.default = QUESTION
    world.settings = settings(night=NightSettings(enabled=True, start="00:00", end="23:59",
                                                  holding_reply=True))  # fmt: skip
    await world.repos.communities.save(world.settings)
    comment = make_comment("Когда доставка?")
    original_reply = world.gateway.reply

    async def reply_then_die(target: Comment, text: str) -> str:
        await original_reply(target, text)
        raise Crash  # the reply is out, the outcome never stored

    world.gateway.reply = reply_then_die  # type: ignore[method-assign,assignment]
    with pytest.raises(Crash):
        await world.service.handle(comment)
    world.gateway.reply = original_reply  # type: ignore[method-assign]
    handled = await world.service.handle(comment)
    assert world.gateway.names() == ["reply"]  # claimed: busy, not repeated
    holding = next(r for r in handled.actions if r.action.kind is ActionKind.HOLDING_REPLY)
    assert holding.status is ActionStatus.PENDING
    world.repos.actions.in_flight.clear()  # type: ignore[attr-defined]  # the dead one's claim
    handled = await world.service.handle(comment)
    assert world.gateway.names() == ["reply", "reply"]
    holding = next(r for r in handled.actions if r.action.kind is ActionKind.HOLDING_REPLY)
    assert holding.status is ActionStatus.DONE
    world.clock.advance(hours=2)
    await world.service.retry_due()
    await world.service.handle(comment)
    assert world.gateway.names() == ["reply", "reply"]


async def test_card_is_posted_by_the_redelivery_after_a_crash(world: World) -> None:
    world.analyzer.default = SUSPECT

    async def die(card: Card) -> str:
        raise Crash

    world.notifier.post_card = die  # type: ignore[method-assign]
    with pytest.raises(Crash):
        await world.service.handle(make_comment("сомнительно"))
    del world.notifier.post_card
    handled = await world.service.handle(make_comment("сомнительно"))
    assert handled.card is not None and handled.card.message_id is None  # claimed: not twice
    world.repos.cards.claimed.clear()  # type: ignore[attr-defined]  # the dead one's claim
    handled = await world.service.handle(make_comment("сомнительно"))
    assert handled.card is not None and handled.card.message_id == "m1"
    assert len(world.notifier.posted) == 1


async def test_retry_picks_up_an_abandoned_pending_action_after_a_grace(world: World) -> None:
    world.analyzer.default = TOXIC
    comment = make_comment("гадость")
    s = await world.service.settings(comment.community_id)
    analysis, kit = await world.service.analyze(comment, s)
    decision = decide(comment, analysis, s, AuthorHistory(), world.clock.now(), kit)
    await world.repos.decisions.record(
        NewDecision(comment, decision, analysis.to_json(), {}, None, world.clock.now())
    )  # recorded, then the worker died
    assert await world.service.retry_due() == ()  # maybe a worker is on it right now
    world.clock.advance(minutes=3)
    retried = await world.service.retry_due()
    assert {r.status for r in retried} == {ActionStatus.DONE}
    assert world.gateway.names() == ["hide", "reply"]


async def test_redelivery_of_a_finished_comment_touches_no_card(world: World) -> None:
    world.analyzer.default = SUSPECT
    await world.service.handle(make_comment("сомнительно"))
    await world.service.handle(make_comment("сомнительно"))
    assert len(world.notifier.posted) == 1 and world.notifier.edited == []


async def test_a_card_never_claims_a_hide_that_did_not_happen(world: World) -> None:
    """A failed hide: the card shows the comment as held (visible, Hide button) and no
    public warning goes out; once a retry hides it, the card says hidden and the warning
    follows — in that order."""
    world.analyzer.default = TOXIC
    world.gateway.fail.add("hide")
    handled = await world.service.handle(make_comment("ужасный текст"))
    assert handled.card is not None and handled.card.state is CardState.HELD
    assert world.notifier.posted[0].state is CardState.HELD and handled.card.failures
    warn = next(r for r in handled.actions if r.action.kind is ActionKind.WARN)
    assert warn.status is ActionStatus.PENDING  # waits for the hide
    assert world.gateway.names() == []  # no warning under a visible comment
    world.gateway.fail.clear()
    world.clock.advance(minutes=1)
    await world.service.retry_due()
    assert world.gateway.names() == ["hide"]
    world.clock.advance(minutes=3)  # the pending warning's grace
    await world.service.retry_due()
    assert world.gateway.names() == ["hide", "reply"]  # the warning, after the hide
    card = await world.repos.cards.get(handled.card.id)
    assert card is not None and (card.state, card.failures) == (CardState.HIDDEN, ())
    assert world.notifier.edited[-1].state is CardState.HIDDEN


async def test_protective_actions_go_before_sends(world: World) -> None:
    world.analyzer.default = TOXIC
    await world.service.handle(make_comment("ужасный текст"))
    assert world.gateway.names() == ["hide", "reply"]


async def test_a_card_carries_the_lexicon_hits_it_quotes(world: World) -> None:
    text = "ну ты и урод"
    world.analyzer.default = make_analysis(
        toxic=True, score=0.97, matches=(match("урод", text, Category.INSULT, 2),)
    )
    card = (await world.service.handle(make_comment(text))).card
    assert card is not None
    assert card.quotes == (Quote("insult", "урод", 8, 12),)
    assert text[8:12] == "урод"
