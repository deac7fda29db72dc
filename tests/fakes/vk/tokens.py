"""Access tokens of the fake VK and the rules of vk.md §3: which token kind may call what.

A user token acts as a person (scopes `wall`, `groups`, `offline`); community rights over a
community come from that person's admin role. A community token belongs to one community
(rights such as `manage`, `wall`). Violations answer with VK's codes: 5 (bad token),
27 (community token on a user-only method), 28 (service token), 7 (missing scope),
15 (no rights over this community/comment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tests.fakes.vk.errors import FakeVKError


class TokenKind(StrEnum):
    USER = "user"
    COMMUNITY = "community"
    SERVICE = "service"


U, C, S = TokenKind.USER, TokenKind.COMMUNITY, TokenKind.SERVICE

# method -> token kinds allowed (vk.md §3, from the official schema's access_token_type).
ACCESS: dict[str, frozenset[TokenKind]] = {
    "wall.deleteComment": frozenset({U}),
    "wall.restoreComment": frozenset({U}),
    "wall.createComment": frozenset({U, C}),
    "wall.getComments": frozenset({U, S}),
    "wall.getComment": frozenset({U}),
    "groups.ban": frozenset({U}),
    "groups.unban": frozenset({U}),
    "groups.getBanned": frozenset({U, C}),
    "groups.getById": frozenset({U, C, S}),
    "groups.getMembers": frozenset({U, C, S}),
    "groups.getLongPollServer": frozenset({U, C}),
    "groups.getCallbackConfirmationCode": frozenset({U, C}),
    "groups.getTokenPermissions": frozenset({C}),
    "groups.getCallbackServers": frozenset({U, C}),
    "groups.getCallbackSettings": frozenset({U, C}),
    "account.getAppPermissions": frozenset({U}),
    "users.get": frozenset({U, C, S}),
    "board.deleteComment": frozenset({U, C}),
    "board.restoreComment": frozenset({U, C}),
    # createComment outside the wall: the brief does not say; the fake is strict (user
    # token only), so the bot must not rely on a community token there.
    "board.createComment": frozenset({U}),
}
for _prefix in ("photos", "video", "market"):
    ACCESS[f"{_prefix}.deleteComment"] = frozenset({U})
    ACCESS[f"{_prefix}.restoreComment"] = frozenset({U})
    ACCESS[f"{_prefix}.createComment"] = frozenset({U})

# user-token scope needed per method (a missing scope answers error 7)
USER_SCOPE: dict[str, str] = {
    "wall.deleteComment": "wall",
    "wall.restoreComment": "wall",
    "wall.createComment": "wall",
    "wall.getComments": "wall",
    "wall.getComment": "wall",
    "groups.ban": "groups",
    "groups.unban": "groups",
    "groups.getBanned": "groups",
}
# community-token right needed per method (missing answers error 15)
COMMUNITY_RIGHT: dict[str, str] = {
    "wall.createComment": "wall",
    "groups.getBanned": "manage",
    "groups.getLongPollServer": "manage",
    "groups.getCallbackConfirmationCode": "manage",
    "groups.getCallbackServers": "manage",
    "groups.getCallbackSettings": "manage",
}
# bit values as reported by account.getAppPermissions / groups.getTokenPermissions
USER_BITS = {"wall": 8192, "groups": 262144, "offline": 65536}
COMMUNITY_BITS = {"manage": 262144, "messages": 4096, "photos": 4, "wall": 8192}


@dataclass
class Token:
    value: str
    kind: TokenKind
    owner_id: int  # user id for user tokens, positive group id for community tokens
    scopes: frozenset[str] = field(default_factory=frozenset)
    revoked: bool = False

    def mask(self) -> int:
        bits = USER_BITS if self.kind is U else COMMUNITY_BITS
        return sum(bits.get(s, 0) for s in self.scopes)


def authorize(token: Token | None, method: str) -> None:
    """Raise the error VK gives when `token` may not call `method` at all."""
    if token is None or token.revoked:
        raise FakeVKError(5, "User authorization failed: invalid access_token (4).")
    if token.kind in ACCESS[method]:
        if token.kind is U and method in USER_SCOPE and USER_SCOPE[method] not in token.scopes:
            raise FakeVKError(7, "Permission to perform this action is denied")
        if token.kind is C and COMMUNITY_RIGHT.get(method, "") not in token.scopes | {""}:
            raise FakeVKError(15, "Access denied: no access to call this method")
        return
    if token.kind is C:
        raise FakeVKError(27, "Group authorization failed: method is unavailable with group auth.")
    if token.kind is S:
        raise FakeVKError(
            28, "Application authorization failed: method is unavailable with service token."
        )
    raise FakeVKError(5, "User authorization failed: method is unavailable with user auth.")
