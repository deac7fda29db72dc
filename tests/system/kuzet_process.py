"""The real `kuzet run` as a child process, and the fake Telegram world it moderates.

Drills start the real command (its own interpreter, PostgreSQL, the real detector) against
the fake Bot API server running in the test's event loop, then kill, restart or starve it
and count what the fake saw: every comment deleted once, cards posted at most once more
than there were comments (the one in flight when killed).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.telegram.world import Chat, StoredMessage, User

# An insult, not obscenity: a certain obscene hide goes to the rolling card, an insult gets
# a card of its own, which the drills count.
PROFANE = "ты тупой урод"
CONFIG = """
log_level = "INFO"
[database]
url = "{url}"
[detection]
processes = 0
[http]
enabled = false
[telegram]
token = "{token}"
api_base = "{api_base}"
messages_per_minute = 60000
[defaults.strikes]
warn_after = 100
mute_after = 100
ban_after = 100
[[communities]]
id = "shop"
name = "Shop"
platform = "telegram"
chats = [{group}]
moderators_chat = {mods}
language = "ru"
"""
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Scene:
    """A group, its moderators' chat and the comments written so far."""

    tg: FakeTelegram
    group: Chat
    mods: Chat
    users: list[User] = field(default_factory=list)
    toxic: list[StoredMessage] = field(default_factory=list)

    @classmethod
    def build(cls, tg: FakeTelegram) -> Scene:
        group, mods = tg.add_chat("Shop chat"), tg.add_chat("Moderators")
        for chat in (group, mods):
            tg.add_bot(chat)
        return cls(tg, group, mods)

    async def burst(self, count: int, *, tag: str = "") -> None:
        """`count` toxic comments, each by its own author (no strikes mix them up)."""
        for _ in range(count):
            user = self.tg.add_user(f"U{len(self.users)}")
            self.tg.add_member(self.group, user)
            self.users.append(user)
            text = f"{PROFANE} #{tag}{len(self.toxic)}"
            self.toxic.append(await self.tg.comment(user, self.group, text))

    def deleted(self) -> int:
        return sum(self.group.messages[m.message_id].deleted for m in self.toxic)

    def double_deletes(self) -> int:
        """Messages Telegram deleted more than once (a repeat finds 'not found')."""
        ok = Counter(c.params["message_id"] for c in self.tg.calls("deleteMessage"))
        return sum(n - 1 for n in ok.values() if n > 1)

    def cards(self) -> int:
        return len(
            [
                c
                for c in self.tg.calls("sendMessage", chat_id=self.mods.id)
                if c.params.get("reply_markup")
            ]
        )

    def config(self, url: str) -> str:
        return CONFIG.format(
            url=url, token=self.tg.token, api_base=self.tg.api_base,
            group=self.group.id, mods=self.mods.id,
        )  # fmt: skip


class KuzetProcess:
    """`python -m bot.cli.main run --config … --role …`, its output in a log file."""

    def __init__(self, config: Path, log: Path, role: str = "all") -> None:
        self.config, self.log, self.role = config, log, role
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> KuzetProcess:
        out = self.log.open("ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli.main", "run", "--config", str(self.config),
            "--role", self.role,
            stdout=out, stderr=out, cwd=ROOT, env=env,
        )  # fmt: skip
        out.close()
        return self

    async def wait_started(self, timeout: float = 60.0) -> None:
        await until(lambda: "Kuzet started" in self.output(), timeout, self.output)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int:
        """SIGTERM and wait (a clean stop); returns the exit code."""
        if self.process is None or self.process.returncode is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()


async def until(check: object, timeout: float, explain: object = None) -> None:
    """Wait until `check()` is true (polling every 50 ms); fail with `explain()` after."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():  # type: ignore[operator]
        if loop.time() > deadline:
            detail = explain() if callable(explain) else ""
            raise AssertionError(f"not reached within {timeout}s\n{str(detail)[-3000:]}")
        await asyncio.sleep(0.05)
