"""`kuzet doctor` against the fake Telegram and VK (real aiogram Bot, real VK client, real
databases): every ✓ is earned by an answer, every ✗ names its fix, exit code 0 or 1."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest

from bot.cli.checklist import Check, Status
from bot.cli.doctor import diagnose, diagnose_config
from bot.cli.main import main
from bot.config import Config, load_config
from bot.storage.migrate import revisions, upgrade
from tests.fakes.telegram.fixtures import fake_telegram
from tests.fakes.telegram.server import FakeTelegram
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ADMIN, COMMUNITY_TOKEN, GROUP_ID, USER_TOKEN, fake_vk
from tests.fakes.vk.pusher import CallbackServer

__all__ = ["fake_telegram", "fake_vk"]

SECRET = "callback-secret-0123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(
    path: Path, tg: FakeTelegram, vk: FakeVK, db_url: str, port: int, chats: list[int], mods: int
) -> Path:
    path.write_text(
        f"""
[database]
url = "{db_url}"
[http]
host = "127.0.0.1"
port = {port}
[telegram]
token = "env:DOCTOR_TG_TOKEN"
api_base = "{tg.api_base}"
[vk]
api_base = "{vk.api_base}"
[defaults]
moderators_chat = {mods}
[[communities]]
id = "news"
platform = "telegram"
chats = {chats}
[[communities]]
id = "shop"
platform = "vk"
[communities.vk]
group_id = {GROUP_ID}
community_token = "env:DOCTOR_VK_COMMUNITY"
user_token = "env:DOCTOR_VK_USER"
callback_secret = "{SECRET}"
confirmation = "a1b2c3d4"
""",
        encoding="utf-8",
    )
    return path


ENV = {
    "DOCTOR_TG_TOKEN": "123456:TEST",
    "DOCTOR_VK_COMMUNITY": COMMUNITY_TOKEN,
    "DOCTOR_VK_USER": USER_TOKEN,
}


def callback_server(vk: FakeVK, secret: str = SECRET, **options: object) -> CallbackServer:
    # Nothing is pushed while the doctor runs (it causes no events): the URL is never called.
    return vk.callback.add_server(
        "https://kuzet.example/vk/callback", GROUP_ID, secret=secret, **options
    )


def failed(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.status is Status.FAIL]


def find(checks: list[Check], *words: str) -> Check:
    hits = [c for c in checks if all(w in c.name for w in words)]
    assert len(hits) == 1, (words, [c.name for c in checks])
    return hits[0]


async def _ready(tmp_path: Path, tg: FakeTelegram, vk: FakeVK, db_url: str) -> Path:
    group, mods = tg.add_chat("News discussion"), tg.add_chat("Moderators")
    tg.add_bot(group)
    tg.add_bot(mods, admin=False)
    callback_server(vk)
    await upgrade(db_url)
    return write_config(tmp_path / "config.toml", tg, vk, db_url, free_port(), [group.id], mods.id)


async def test_a_ready_installation_passes_through_the_real_command(
    tmp_path: Path, fake_telegram: FakeTelegram, fake_vk: FakeVK, sqlite_url: str
) -> None:
    config = await _ready(tmp_path, fake_telegram, fake_vk, sqlite_url)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", "doctor", "--config", str(config),
        env={**os.environ, **ENV},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    text = out.decode()
    assert process.returncode == 0, text + err.decode()
    assert "✗" not in text and "All checks passed." in text
    for expected in (
        "✓ Config",
        "is reachable",
        "newest revision",
        "is free",
        "Telegram accepts the token: bot @kuzet_test_bot",
        "right 'Delete messages' (can_delete_messages)",
        "right 'Ban users' (can_restrict_members)",
        "the bot is a member and may send cards",
        "The admin's user token: can delete and restore comments, ban, reply, receive events",
        "The community token: can reply, receive events",
        "confirmation string matches",
        "is confirmed",
        "every comment event is on",
    ):
        assert expected in text, expected
    for secret in ENV.values():
        assert secret not in text


async def test_every_problem_is_a_cross_with_its_fix(
    tmp_path: Path, fake_telegram: FakeTelegram, fake_vk: FakeVK, sqlite_url: str
) -> None:
    tg, vk = fake_telegram, fake_vk
    no_admin, no_ban = tg.add_chat("Plain member"), tg.add_chat("No ban right")
    discussion = tg.add_chat("Discussion")
    channel = tg.add_channel("Channel", discussion=discussion)
    tg.add_bot(no_admin, admin=False)
    tg.add_bot(no_ban, can_restrict_members=False)
    tg.add_bot(channel)
    mods = tg.add_chat("Moderators without the bot")
    vk.add_token("narrow-user", "user", ADMIN, ("wall", "offline"))
    callback_server(vk, status="failed", secret="other", events=frozenset({"wall_reply_new"}))
    env = {**ENV, "DOCTOR_VK_USER": "narrow-user"}
    chats = [no_admin.id, no_ban.id, channel.id]
    path = write_config(tmp_path / "c.toml", tg, vk, sqlite_url, free_port(), chats, mods.id)
    config = load_config(path, env)
    with socket.socket() as holder:  # the port is taken by someone else
        holder.bind(("127.0.0.1", config.http.port))
        holder.listen()
        checks = await diagnose(config)
    assert find(checks, "does not exist yet").status is Status.WARN
    assert "holds it" in find(checks, "is free").fix
    assert find(checks, str(no_admin.id), "is an administrator (now: member)").status is Status.FAIL
    assert "'Ban users'" in find(checks, str(no_ban.id), "can_restrict_members").fix
    assert find(checks, str(no_ban.id), "can_delete_messages").status is Status.OK
    assert str(discussion.id) in find(checks, str(channel.id), "is a channel").fix
    assert "add the bot" in find(checks, "Moderators' chat", "is a member").fix
    assert "scopes wall, groups, offline" in find(checks, "lacks the 'groups' scope").fix
    assert find(checks, "cannot ban").status is Status.FAIL
    assert "press Confirm" in find(checks, "is confirmed (VK says 'failed')").fix
    assert find(checks, "secret key equals callback_secret").status is Status.FAIL
    assert "Event types" in find(checks, "events wall_reply_edit are on").fix
    assert len(failed(checks)) == 10, [c.name for c in failed(checks)]


async def test_confirmation_and_readable_settings(
    tmp_path: Path, fake_telegram: FakeTelegram, fake_vk: FakeVK, sqlite_url: str
) -> None:
    config_path = await _ready(tmp_path, fake_telegram, fake_vk, sqlite_url)
    fake_vk.world.communities[GROUP_ID].confirmation_code = "new-code"
    fake_vk.add_token("bare", "community", GROUP_ID, ("wall",))  # no 'manage'
    fake_vk.callback.servers[0].events = frozenset({"wall_reply_new", "wall_reply_edit"})
    config = load_config(config_path, ENV)
    checks = await diagnose(config)
    assert find(checks, "confirmation string").fix == (
        'set confirmation = "new-code" in this community\'s [vk] table'
    )
    off = find(checks, "comment events are off")
    assert off.status is Status.WARN and "photo_comment_new" in off.fix
    bare = load_config(config_path, {**ENV, "DOCTOR_VK_COMMUNITY": "bare"})
    # the user token (an administrator's) still reads the settings
    assert find(await diagnose(bare), "confirmation string").status is Status.FAIL


async def test_database_states(tmp_path: Path, database_url: str) -> None:
    config = Config()
    if database_url.startswith("sqlite"):
        missing = await diagnose(_with_url(config, database_url))
        assert find(missing, "does not exist yet").status is Status.WARN
        Path(database_url.split("///", 1)[1]).touch()  # an empty file, as if made by hand
    empty = await diagnose(_with_url(config, database_url))
    assert find(empty, "newest revision").status is Status.WARN
    await upgrade(database_url, revisions()[0])
    behind = await diagnose(_with_url(config, database_url))
    assert "kuzet run upgrades it" in find(behind, "newest revision").fix
    await upgrade(database_url)
    assert find(await diagnose(_with_url(config, database_url)), "newest").status is Status.OK
    await _stamp(database_url, "0099_from_the_future")
    ahead = find(await diagnose(_with_url(config, database_url)), "newest revision")
    assert ahead.status is Status.FAIL and "unknown to this version" in ahead.name


async def _stamp(url: str, revision: str) -> None:
    from sqlalchemy import text

    from bot.storage.engine import create_engine

    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE alembic_version SET version_num = :r"), {"r": revision}
        )
    await engine.dispose()


async def test_unreachable_postgresql_is_a_cross() -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nothing"
    [check] = await diagnose(_with_url(Config(), url))
    assert check.status is Status.FAIL and "check database.url" in check.fix


def _with_url(config: Config, url: str) -> Config:
    from dataclasses import replace

    from bot.config import DatabaseConfig, HttpConfig

    return replace(config, database=DatabaseConfig(url), http=HttpConfig(enabled=False))


def test_an_invalid_config_fails_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[defaults]\nhide_threshold = 3\n[[communities]]\nid = "c"\nplatform = "telegram"\n'
        "chats = [-100]\n",
        encoding="utf-8",
    )
    assert main(["doctor", "--config", str(path)]) == 1
    out = capsys.readouterr().out
    assert "✗ Config" in out and "defaults.hide_threshold" in out
    [only], config = diagnose_config(path)
    assert only.status is Status.FAIL and config is None
