"""`kuzet doctor`, VK part: both tokens of every community, and how VK will deliver events.

Tokens are judged by `bot.vk.rights` (the same code the start-up report uses); Callback
servers are read with `groups.getCallbackServers`/`getCallbackSettings` through whichever
configured token VK lets read them, and compared with the config: confirmation string,
secret key, status, API version and the switched-on events.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from bot.cli.checklist import Check
from bot.config import CommunityConfig, Config, VkCommunityConfig
from bot.vk.callback_settings import API_VERSION, CallbackServerState, callback_servers
from bot.vk.client import RetryPolicy, VKClient
from bot.vk.errors import VKError
from bot.vk.rights import TokenKind, TokenReport, check_token, pair_problems
from bot.vk.startup import describe

QUICK = RetryPolicy(attempts=2, base_delay=0.5, max_delay=1.0, flood_delay=1.0, timeout=15.0)
SETTINGS_PAGE = "community → Manage → API usage → Callback API"


async def vk_checks(config: Config) -> list[Check]:
    checks: list[Check] = []
    for community in config.communities:
        if community.vk is not None:
            async with _clients(config, community.vk) as clients:
                checks += await _community_checks(config, community, community.vk, clients)
    return checks


@contextlib.asynccontextmanager
async def _clients(config: Config, vk: VkCommunityConfig) -> AsyncIterator[dict[str, VKClient]]:
    tokens = {"user": vk.user_token, "community": vk.community_token}
    clients = {
        role: VKClient(token, api_base=config.vk.api_base, retry=QUICK)
        for role, token in tokens.items()
        if token
    }
    try:
        yield clients
    finally:
        for client in clients.values():
            await client.close()


async def _community_checks(
    config: Config, community: CommunityConfig, vk: VkCommunityConfig, clients: dict[str, VKClient]
) -> list[Check]:
    where = f"VK club{vk.group_id} ({community.id})"
    checks: list[Check] = []
    reports: dict[str, TokenReport | None] = {"user": None, "community": None}
    for role in ("user", "community"):
        if role not in clients:
            continue
        try:
            report = await check_token(clients[role], vk.group_id)
        except VKError as exc:
            checks.append(Check.fail(f"{where}: VK reachable", f"{exc}: check the network"))
            return checks
        checks += _token_checks(where, role, report)
        if report.kind is not TokenKind.INVALID:
            reports[role] = report
    for problem in pair_problems(reports["user"], reports["community"], vk.mode == "longpoll"):
        checks.append(Check.fail(f"{where}: {problem.split(':')[0]}", problem))
    if vk.mode == "callback":
        checks += await _callback_checks(config, where, vk, clients)
    return checks


def _token_checks(where: str, role: str, report: TokenReport) -> list[Check]:
    key = f"{role}_token"
    if report.kind is TokenKind.INVALID:
        return [
            Check.fail(
                f"{where}: {key} is valid",
                f"{'; '.join(report.problems)}: issue a new one (docs/deploy.md)",
            )
        ]
    if report.kind != role:
        return [
            Check.fail(
                f"{where}: {key} is a {role} token (it is a {report.kind} token)",
                f"put a {role} token in {key} (docs/deploy.md)",
            )
        ]
    checks = [Check.ok(f"{where}: {describe(role, report)}")]
    for problem in report.problems:
        checks.append(Check.fail(f"{where}: {problem}", _fix_for(role, problem)))
    return checks


def _fix_for(role: str, problem: str) -> str:
    if "scope" in problem:
        return "get a new user token with scopes wall, groups, offline (docs/deploy.md)"
    if "not a manager" in problem:
        return "make the token's user a community manager (moderator or higher)"
    if "'wall' right" in problem:
        return f"{SETTINGS_PAGE.replace('Callback API', 'Access tokens')}: a new key with 'wall'"
    return f"issue a new {role} token (docs/deploy.md)"


async def _callback_checks(
    config: Config, where: str, vk: VkCommunityConfig, clients: dict[str, VKClient]
) -> list[Check]:
    checks = []
    if not config.http.enabled:
        checks.append(
            Check.fail(f"{where}: HTTP server on for the Callback API", "set [http] enabled = true")
        )
    reader, servers, refusals = None, None, []
    for role in ("community", "user"):
        if role in clients:
            try:
                servers = await callback_servers(clients[role], vk.group_id, vk.callback_secret)
                reader = clients[role]
                break
            except VKError as exc:
                refusals.append(f"{role} token: {exc}")
    if reader is None or servers is None:
        return [
            *checks,
            Check.warn(
                f"{where}: Callback server settings readable",
                "give the community token the 'manage' right to let "
                f"kuzet doctor check them ({'; '.join(refusals)})",
            ),
        ]
    checks.append(await _confirmation_check(where, vk, reader))
    ours = [s for s in servers if s.url.rstrip("/").endswith(config.vk.callback_path.rstrip("/"))]
    if not ours:
        return [
            *checks,
            Check.fail(
                f"{where}: a Callback server points at …{config.vk.callback_path}",
                f"{SETTINGS_PAGE} → Add server: URL "
                f"https://YOUR-HOST{config.vk.callback_path}, then Confirm",
            ),
        ]
    for server in ours:
        checks += _server_checks(where, vk, server)
    return checks


async def _confirmation_check(where: str, vk: VkCommunityConfig, client: VKClient) -> Check:
    name = f"{where}: confirmation string matches VK's"
    try:
        code = await client.get_confirmation_code(vk.group_id)
    except VKError as exc:
        return Check.warn(name, f"could not read it ({exc})")
    if code != vk.confirmation:
        return Check.fail(name, f'set confirmation = "{code}" in this community\'s [vk] table')
    return Check.ok(name)


def _server_checks(where: str, vk: VkCommunityConfig, server: CallbackServerState) -> list[Check]:
    at = f"{where}: Callback server {server.server_id} ({server.url})"
    checks = []
    if server.status == "ok":
        checks.append(Check.ok(f"{at} is confirmed"))
    else:
        checks.append(
            Check.fail(
                f"{at} is confirmed (VK says {server.status!r})",
                f"with kuzet run up and reachable, press Confirm in {SETTINGS_PAGE}",
            )
        )
    if not server.secret_matches:
        checks.append(
            Check.fail(
                f"{at}: secret key equals callback_secret",
                "type the same secret in VK's server settings and in callback_secret",
            )
        )
    if server.api_version != API_VERSION:
        checks.append(
            Check.warn(
                f"{at}: API version {server.api_version}",
                f"choose {API_VERSION} in the server settings",
            )
        )
    if server.missing_essential:
        checks.append(
            Check.fail(
                f"{at}: events {', '.join(server.missing_essential)} are on",
                f"{SETTINGS_PAGE} → Event types: turn on comments (new, edit, restore, delete)",
            )
        )
    elif server.missing_events:
        checks.append(
            Check.warn(
                f"{at}: {len(server.missing_events)} comment events are off",
                f"turn on for the comments you moderate: {', '.join(server.missing_events)}",
            )
        )
    else:
        checks.append(Check.ok(f"{at}: every comment event is on"))
    return checks
