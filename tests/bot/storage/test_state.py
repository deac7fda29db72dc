from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.engine import Database
from bot.storage.repositories.state import StateRepository


async def test_state_keeps_the_last_value_per_key(db: Database) -> None:
    state = StateRepository(db)
    assert await state.get("telegram.offset") is None
    await state.set("telegram.offset", "100")
    await state.set("telegram.offset", "101")
    await state.set("vk.ts", "7")
    assert await state.get("telegram.offset") == "101"
    assert await state.get("vk.ts") == "7"


async def test_prune_drops_only_old_keys_with_the_prefix(db: Database) -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    clock_at = [now - timedelta(days=3)]
    state = StateRepository(db, clock=lambda: clock_at[0])
    await state.set("tg:done:cb:1", "1")  # old mark: goes
    await state.set("tg:doneX", "1")  # old, another prefix
    await state.set("telegram.offset", "5")  # old, other prefix: stays
    clock_at[0] = now
    await state.set("tg:done:cb:2", "1")  # fresh mark: stays
    assert await state.prune("tg:done:", now - timedelta(days=2)) == 1
    assert await state.get("tg:done:cb:1") is None
    assert await state.get("tg:done:cb:2") == "1"
    assert await state.get("tg:doneX") == "1"
    assert await state.get("telegram.offset") == "5"
    # "_" and "%" in a prefix are literal characters, not LIKE wildcards
    assert await state.prune("tg:done_", now + timedelta(days=1)) == 0
    assert await state.prune("tg:done%", now + timedelta(days=1)) == 0
    assert await state.get("tg:doneX") == "1"
