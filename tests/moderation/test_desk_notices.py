"""Restore takes back the public warning its hide posted; drafts that expire are reported."""

from __future__ import annotations

from datetime import timedelta

from classifiers.vocabulary import Intent, Lang
from moderation.approval import Resolution
from tests.moderation.conftest import COMMUNITY, TOXIC, World, make_analysis, make_comment


async def test_restore_also_removes_the_warning(world: World) -> None:
    world.analyzer.default = TOXIC
    handled = await world.service.handle(make_comment("ужасный текст", comment_id="7"))
    assert world.gateway.calls == [("hide", "7"), ("reply", handled.actions[1].action.params
                                                      ["text"])]  # fmt: skip
    warning_id = handled.actions[1].result
    assert handled.card is not None and warning_id
    await world.service.resolve(handled.card.id, Resolution.RESTORE, "Mira")
    assert world.gateway.calls[-2:] == [("restore", "7"), ("hide", warning_id)]
    # Undo hides the comment again; it does not re-post the warning.
    await world.service.undo(handled.card.id, "Mira")
    assert world.gateway.calls[-1] == ("hide", "7")
    assert [name for name, _ in world.gateway.calls].count("reply") == 1


async def test_allowing_a_held_comment_posts_and_removes_nothing(world: World) -> None:
    world.analyzer.default = make_analysis(score=0.6)  # suspect: held, nothing posted
    handled = await world.service.handle(make_comment("сомнительно"))
    assert handled.card is not None
    await world.service.resolve(handled.card.id, Resolution.ALLOW, "Mira")
    assert world.gateway.calls == []


async def test_expired_drafts_are_returned_for_the_digest(world: World) -> None:
    world.analyzer.default = make_analysis(intent=Intent.QUESTION, lang=Lang.RU)
    await world.service.handle(make_comment("Подскажите, когда доставка?"))
    world.clock.advance(hours=80)
    expired = await world.service.expire_drafts(COMMUNITY, timedelta(days=3))
    assert len(expired) == 1 and expired[0].state.value == "expired"
