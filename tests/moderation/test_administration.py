"""Admin edits: each changes what it should and is written to the audit log."""

from __future__ import annotations

import pytest

from classifiers.vocabulary import Category
from moderation.errors import SettingsError, UnknownCommunity
from moderation.records import OverlayMode
from tests.moderation.conftest import COMMUNITY, World, make_comment


def audit_actions(world: World) -> list[str]:
    return [e.action for e in world.repos.audit.items]  # type: ignore[attr-defined]


async def test_word_overlay_edits(world: World) -> None:
    admin = world.service.admin
    added = await admin.add_word(COMMUNITY, "  Жаман  ", "a1", Category.INSULT, 2)
    assert added.term == "жаман" and added.mode is OverlayMode.ADD
    assert await admin.del_word(COMMUNITY, "жаман", "a1") is None  # undoes the addition
    assert await world.repos.words.all(COMMUNITY) == ()
    assert await admin.del_word(COMMUNITY, "дурак", "a1") is OverlayMode.REMOVE  # shipped word
    await admin.allow_word(COMMUNITY, "Скипидар", "a1")
    modes = {e.term: e.mode for e in await world.repos.words.all(COMMUNITY)}
    assert modes == {"дурак": OverlayMode.REMOVE, "скипидар": OverlayMode.ALLOW}
    assert audit_actions(world) == ["addword", "delword", "delword", "allowword"]
    with pytest.raises(SettingsError):
        await admin.add_word(COMMUNITY, "   ", "a1")
    with pytest.raises(SettingsError):
        await admin.add_word(COMMUNITY, "x", "a1", severity=5)


async def test_trust_and_unban(world: World) -> None:
    admin = world.service.admin
    user = make_comment("x", author_id="5").user
    await admin.trust(user, "a1")
    assert await world.repos.trusted.get(user) is not None
    assert await admin.untrust(user, "a1") is True
    await admin.ban(user, "a1")
    assert await admin.unban(user, "a1") is True
    assert world.gateway.names() == ["ban", "unban"]
    assert audit_actions(world) == ["trust", "untrust", "ban", "unban"]


async def test_faq_edits(world: World) -> None:
    admin = world.service.admin
    entry = await admin.faq_add(COMMUNITY, "kk", " Жеткізу қанша? ", "1000 ₸", "a1")
    assert entry.id > 0 and entry.question == "Жеткізу қанша?"
    assert [e.id for e in await admin.faq_list(COMMUNITY)] == [entry.id]
    assert await admin.faq_del(COMMUNITY, entry.id, "a1") is True
    assert await admin.faq_del(COMMUNITY, entry.id, "a1") is False
    with pytest.raises(SettingsError, match="faq language"):
        await admin.faq_add(COMMUNITY, "en", "q", "a", "a1")
    assert audit_actions(world) == ["faq.add", "faq.del", "faq.del"]


async def test_settings_edits(world: World) -> None:
    admin = world.service.admin
    updated = await admin.set_threshold(COMMUNITY, "hide", 0.9, "a1")
    assert updated.hide_threshold == 0.9
    with pytest.raises(SettingsError, match="review_threshold"):
        await admin.set_threshold(COMMUNITY, "review", 0.95, "a1")  # above hide
    with pytest.raises(SettingsError):
        await admin.set_threshold(COMMUNITY, "sideways", 0.5, "a1")
    night = await admin.set_night(COMMUNITY, "a1", "22:30", "07:00")
    assert night.night.enabled and (night.night.start, night.night.end) == ("22:30", "07:00")
    with pytest.raises(SettingsError, match=r"night\.start"):
        await admin.set_night(COMMUNITY, "a1", "25:00", "07:00")
    off = await admin.set_night(COMMUNITY, "a1", enabled=False)
    assert not off.night.enabled and off.night.start == "22:30"
    assert (await admin.set_mode(COMMUNITY, True, "a1")).dry_run
    stored = await world.repos.communities.get(COMMUNITY)
    assert stored is not None and stored.dry_run and stored.hide_threshold == 0.9
    assert audit_actions(world) == ["threshold", "night", "night", "mode"]
    with pytest.raises(UnknownCommunity):
        await admin.set_mode("nope", True, "a1")
