from __future__ import annotations

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
