"""What a VK token can do for one community, checked at start-up and by `kuzet doctor`.

Moderation (delete/restore comments, ban) needs a community admin's *user* token with the
`wall` and `groups` scopes (`offline` so it does not expire within a day); a community
token can receive events (`manage`) and reply (`wall`) but never moderate. A token's own
missing rights are its `problems`; what the pair of tokens cannot do together is
`pair_problems`: a community token that cannot delete is no problem when a working user
token is configured next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.vk.client import VKClient
from bot.vk.errors import AccessDenied, AuthFailed, VKAPIError

# bit values of account.getAppPermissions (user tokens)
USER_SCOPE_BITS = {"wall": 8192, "groups": 262144, "offline": 65536}


class TokenKind(StrEnum):
    USER = "user"
    COMMUNITY = "community"
    INVALID = "invalid"


@dataclass(frozen=True)
class TokenReport:
    kind: TokenKind
    scopes: frozenset[str]
    admin_level: int  # 0 none, 1 moderator, 2 editor, 3 administrator (user tokens)
    can_moderate: bool  # wall.deleteComment / wall.restoreComment
    can_ban: bool  # groups.ban / groups.unban
    can_reply: bool  # wall.createComment as the community
    can_receive: bool  # groups.getLongPollServer / callback code
    problems: tuple[str, ...]


_NOBODY = TokenReport(TokenKind.INVALID, frozenset(), 0, False, False, False, False, ())


async def check_token(client: VKClient, group_id: int) -> TokenReport:
    """Ask VK what `client`'s token can do in community `group_id` (never raises VKAPIError)."""
    try:
        answer = await client.call("groups.getTokenPermissions")
    except AuthFailed as exc:
        return await _check_user_token(client, group_id, exc)
    except AccessDenied as exc:  # 27/28 would mean "not a community token" too
        return await _check_user_token(client, group_id, exc)
    scopes = frozenset(str(p["name"]) for p in answer.get("permissions", ()))
    problems = []
    if "wall" not in scopes:
        problems.append("community token lacks the 'wall' right: replies will fail")
    try:
        own = await client.call("groups.getById")
        if int(own["groups"][0]["id"]) != group_id:
            problems.append(
                f"community token belongs to club{own['groups'][0]['id']}, not club{group_id}"
            )
    except VKAPIError as exc:
        problems.append(f"groups.getById failed: {exc}")
    return TokenReport(
        TokenKind.COMMUNITY,
        scopes,
        0,
        False,
        False,
        "wall" in scopes,
        "manage" in scopes,
        tuple(problems),
    )


async def _check_user_token(client: VKClient, group_id: int, first: VKAPIError) -> TokenReport:
    try:
        mask = int(await client.call("account.getAppPermissions"))
        group = await client.get_group(group_id, fields=("is_admin", "admin_level"))
    except VKAPIError as exc:
        reason = exc if isinstance(exc, AuthFailed) else first
        return TokenReport(
            TokenKind.INVALID,
            frozenset(),
            0,
            False,
            False,
            False,
            False,
            (f"token rejected by VK: {reason}",),
        )
    scopes = frozenset(name for name, bit in USER_SCOPE_BITS.items() if mask & bit)
    level = int(group.get("admin_level", 0)) if group.get("is_admin") else 0
    problems = []
    if level < 1:
        problems.append(
            f"the token's user is not a manager of club{group_id}: cannot delete comments or ban"
        )
    for scope in ("wall", "groups", "offline"):
        if scope not in scopes:
            problems.append(f"user token lacks the '{scope}' scope")
    can_moderate = level >= 1 and "wall" in scopes
    return TokenReport(
        TokenKind.USER,
        scopes,
        level,
        can_moderate,
        level >= 1 and "groups" in scopes,
        can_moderate,
        level >= 3,
        tuple(problems),
    )


def pair_problems(
    user: TokenReport | None, community: TokenReport | None, longpoll: bool
) -> list[str]:
    """What neither configured token can do for the community (empty: nothing missing)."""
    problems = []
    if longpoll and not (community or user or _NOBODY).can_receive:
        problems.append(
            "Long Poll needs the community token's 'manage' right (or an administrator's "
            "user token): no events will arrive"
        )
    if user is None or not user.can_moderate:
        problems.append(
            "no configured token can delete or restore comments: add a community admin's "
            "user token (scopes wall, groups, offline) as user_token"
        )
    elif not user.can_ban:
        problems.append("the user token cannot ban: it needs the 'groups' scope")
    reply = [r for r in (user, community) if r is not None and r.can_reply]
    if not reply:
        problems.append("no configured token can reply as the community")
    return problems
