"""The card state machine and the first-moderator-wins rule (also under real concurrency)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from moderation.approval import Resolution, apply, effects, is_open, undo_resolution
from moderation.decision import ActionKind, Verdict
from moderation.errors import AlreadyHandled, InvalidTransition
from moderation.records import Card, CardKind, CardState, SampleLabel
from tests.moderation.conftest import TOXIC, World, make_comment, settings
from tests.moderation.memory import MemoryCards

AT = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
S, R = CardState, Resolution


def card(state: CardState, kind: CardKind = CardKind.MODERATION, **changes: object) -> Card:
    base = Card(
        id=1,
        community_id="c",
        kind=kind,
        state=state,
        comment=make_comment("x"),
        verdict=Verdict.REVIEW,
        reasons=(),
        created_at=AT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("state", "resolution", "target"),
    [
        (S.PENDING, R.SEND, S.APPROVED),
        (S.PENDING, R.EDIT, S.EDITED),
        (S.PENDING, R.REJECT, S.REJECTED),
        (S.PENDING, R.EXPIRE, S.EXPIRED),
        (S.HELD, R.HIDE, S.HIDDEN),
        (S.HELD, R.ALLOW, S.ALLOWED),
        (S.HELD, R.BAN, S.BANNED),
        (S.HIDDEN, R.RESTORE, S.RESTORED),
        (S.HIDDEN, R.HIDE, S.CONFIRMED),
        (S.HIDDEN, R.BAN, S.BANNED),
        (S.BANNED, R.RESTORE, S.RESTORED),
    ],
)
def test_transitions(state: CardState, resolution: Resolution, target: CardState) -> None:
    after = apply(card(state), resolution, "mod1", AT)
    assert after.state is target
    assert after.handled_by == "mod1" and after.handled_at == AT
    assert not is_open(after)


@pytest.mark.parametrize(
    ("state", "resolution"),
    [
        (S.PENDING, R.RESTORE),
        (S.PENDING, R.BAN),
        (S.HELD, R.SEND),
        (S.HELD, R.RESTORE),
        (S.HIDDEN, R.ALLOW),
        (S.HIDDEN, R.SEND),
    ],
)
def test_invalid_transitions(state: CardState, resolution: Resolution) -> None:
    with pytest.raises(InvalidTransition):
        apply(card(state), resolution, "mod1", AT)


def test_second_moderator_gets_already_handled() -> None:
    first = apply(card(S.HIDDEN), R.RESTORE, "mod1", AT)
    with pytest.raises(AlreadyHandled) as caught:
        apply(first, R.RESTORE, "mod2", AT)
    assert caught.value.by == "mod1"


def test_stale_tap_is_already_handled() -> None:
    with pytest.raises(AlreadyHandled):
        apply(card(S.HELD, version=3), R.HIDE, "mod1", AT, seen_version=2)


def test_undo_reverses_a_handled_card() -> None:
    restored = apply(card(S.HIDDEN), R.RESTORE, "mod1", AT)
    assert undo_resolution(restored) is R.HIDE
    again = apply(restored, undo_resolution(restored), "mod2", AT, undo=True)
    assert again.state is S.HIDDEN and again.handled_by == "mod2"
    sent = apply(card(S.PENDING, CardKind.DRAFT), R.SEND, "mod1", AT)
    with pytest.raises(InvalidTransition):
        undo_resolution(sent)  # a sent reply cannot be unsent


@pytest.mark.parametrize(
    ("before", "resolution", "kinds", "label"),
    [
        (S.PENDING, R.SEND, (ActionKind.REPLY,), SampleLabel.REPLY_APPROVED),
        (S.PENDING, R.EDIT, (ActionKind.REPLY,), SampleLabel.REPLY_EDITED),
        (S.PENDING, R.REJECT, (), SampleLabel.REPLY_REJECTED),
        (S.PENDING, R.EXPIRE, (), None),
        (S.HELD, R.HIDE, (ActionKind.HIDE,), SampleLabel.TOXIC),
        (S.HELD, R.ALLOW, (), SampleLabel.CLEAN),
        (S.HELD, R.BAN, (ActionKind.HIDE, ActionKind.BAN), SampleLabel.TOXIC),
        (S.HIDDEN, R.RESTORE, (ActionKind.RESTORE,), SampleLabel.CLEAN),
        (S.HIDDEN, R.HIDE, (), SampleLabel.TOXIC),  # confirming: already hidden
        (S.HIDDEN, R.BAN, (ActionKind.BAN,), SampleLabel.TOXIC),
        (S.BANNED, R.RESTORE, (ActionKind.UNBAN, ActionKind.RESTORE), SampleLabel.CLEAN),
    ],
)
def test_effects(
    before: CardState,
    resolution: Resolution,
    kinds: tuple[ActionKind, ...],
    label: SampleLabel | None,
) -> None:
    found = effects(before, resolution)
    assert found.actions == kinds and found.label is label


async def test_compare_and_set_lets_one_save_win() -> None:
    cards = MemoryCards()
    stored = await cards.add(card(S.HELD))
    a = apply(stored, R.HIDE, "mod1", AT)
    b = apply(stored, R.ALLOW, "mod2", AT)
    results = await asyncio.gather(cards.save(a), cards.save(b))
    assert sum(r is not None for r in results) == 1


@pytest.mark.parametrize(
    ("first", "second"), [(R.RESTORE, R.RESTORE), (R.RESTORE, R.BAN), (R.BAN, R.HIDE)]
)
async def test_two_moderators_at_once_exactly_one_wins(
    first: Resolution, second: Resolution
) -> None:
    world = await World(settings()).start()
    world.analyzer.default = TOXIC
    handled = await world.service.handle(make_comment("плохой текст"))
    assert handled.card is not None and handled.card.state is S.HIDDEN
    results = await asyncio.gather(
        world.service.resolve(handled.card.id, first, "mod1"),
        world.service.resolve(handled.card.id, second, "mod2"),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], AlreadyHandled)
    assert len(await world.repos.samples.all()) == 1  # one verdict, one training sample
