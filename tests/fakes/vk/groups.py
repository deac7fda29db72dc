"""The fake VK's community, user and token methods (groups.*, users.get, account.*)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.vk.errors import FakeVKError, missing
from tests.fakes.vk.methods import LEVELS, find_community, require_manager, required
from tests.fakes.vk.tokens import COMMUNITY_BITS, Token, TokenKind
from tests.fakes.vk.world import Ban

# The event switches of a Callback server, as VK lists them (comment families and bans;
# VK has many more — messages, likes … — that Kuzet never asks for).
_FAMILIES = ("wall_reply", "photo_comment", "video_comment", "market_comment", "board_post")
CALLBACK_EVENT_NAMES = (
    *(f"{f}_{a}" for f in _FAMILIES for a in ("new", "edit", "restore", "delete")),
    *("user_block", "user_unblock", "wall_post_new", "message_new"),
)

if TYPE_CHECKING:
    from tests.fakes.vk.server import FakeVK


async def ban(fake: FakeVK, token: Token, params: dict[str, Any]) -> int:
    community = find_community(fake, required(params, "group_id"))
    require_manager(token, community)
    owner_id = int(required(params, "owner_id"))
    entry = Ban(
        owner_id=owner_id,
        admin_id=token.owner_id,
        date=fake.world.clock.now(),
        end_date=int(params.get("end_date") or 0),
        reason=int(params.get("reason") or 0),
        comment=str(params.get("comment") or ""),
        comment_visible=int(params.get("comment_visible") or 0),
    )
    community.bans[owner_id] = entry
    obj = {
        "admin_id": token.owner_id,
        "user_id": owner_id,
        "unblock_date": entry.end_date,
        "reason": entry.reason,
        "comment": entry.comment,
    }
    await fake.log(community.id).emit("user_block", obj)
    return 1


async def unban(fake: FakeVK, token: Token, params: dict[str, Any]) -> int:
    community = find_community(fake, required(params, "group_id"))
    require_manager(token, community)
    owner_id = int(required(params, "owner_id"))
    if community.bans.pop(owner_id, None) is not None:
        await fake.log(community.id).emit(
            "user_unblock", {"admin_id": token.owner_id, "user_id": owner_id, "by_end_date": 0}
        )
    return 1


async def get_banned(fake: FakeVK, token: Token, params: dict[str, Any]) -> dict[str, Any]:
    community = find_community(fake, required(params, "group_id"))
    require_manager(token, community)
    items = []
    for b in fake.world.live_bans(community):
        user = fake.world.users.get(b.owner_id)
        profile = user.as_vk() if user else {"id": b.owner_id}
        items.append(
            {
                "type": "profile",
                "profile": profile,
                "ban_info": {
                    "admin_id": b.admin_id,
                    "date": b.date,
                    "reason": b.reason,
                    "comment": b.comment,
                    "comment_visible": b.comment_visible,
                    "end_date": b.end_date,
                },
            }
        )
    return {"count": len(items), "items": items}


async def get_by_id(fake: FakeVK, token: Token, params: dict[str, Any]) -> dict[str, Any]:
    raw = params.get("group_ids") or params.get("group_id")
    if raw in (None, ""):
        if token.kind is not TokenKind.COMMUNITY:
            raise missing("group_ids")
        raw = token.owner_id
    ids = [int(x) for x in str(raw).split(",") if x.strip()]
    groups = [find_community(fake, i) for i in ids]
    fields = str(params.get("fields") or "").split(",")
    answer = []
    for community in groups:
        body = community.as_vk()
        if "is_admin" in fields and token.kind is TokenKind.USER:
            role = community.admins.get(token.owner_id)
            body["is_admin"] = int(role is not None)
            if role is not None:
                body["admin_level"] = LEVELS[role]
        answer.append(body)
    return {"groups": answer, "profiles": []}


async def get_members(fake: FakeVK, token: Token, params: dict[str, Any]) -> dict[str, Any]:
    """Only the managers are modelled: `filter=managers` lists them with their roles (and
    needs a manager's or the community's own token, as on VK); without a filter the
    managers are the only members there are."""
    community = find_community(fake, required(params, "group_id"))
    ids = sorted(community.admins)
    if str(params.get("filter") or "") == "managers":
        require_manager(token, community)
        items: list[Any] = [{"id": uid, "role": community.admins[uid]} for uid in ids]
    else:
        items = list(ids)
    return {"count": len(items), "items": items}


async def get_long_poll_server(fake: FakeVK, token: Token, params: dict[str, Any]) -> Any:
    community = find_community(fake, required(params, "group_id"))
    require_manager(token, community)
    return {
        "key": fake.longpoll_key(community.id),
        "server": fake.longpoll_url(community.id),
        "ts": str(fake.log(community.id).ts),
    }


async def get_confirmation_code(fake: FakeVK, token: Token, params: dict[str, Any]) -> Any:
    community = find_community(fake, required(params, "group_id"))
    require_manager(token, community)
    return {"code": community.confirmation_code}


async def get_token_permissions(fake: FakeVK, token: Token, params: dict[str, Any]) -> Any:
    return {
        "mask": token.mask(),
        "permissions": [
            {"name": name, "setting": bit}
            for name, bit in COMMUNITY_BITS.items()
            if name in token.scopes
        ],
    }


async def get_app_permissions(fake: FakeVK, token: Token, params: dict[str, Any]) -> int:
    return token.mask()


async def users_get(fake: FakeVK, token: Token, params: dict[str, Any]) -> list[dict[str, Any]]:
    raw = params.get("user_ids")
    if raw in (None, ""):
        if token.kind is not TokenKind.USER:
            return []
        raw = token.owner_id
    ids = [int(x) for x in str(raw).split(",") if x.strip()]
    return [fake.world.users[i].as_vk() for i in ids if i in fake.world.users]


def _callback_servers(fake: FakeVK, group_id: int) -> list[Any]:
    return [s for s in fake.callback.servers if s.group_id == group_id]


async def get_callback_servers(fake: FakeVK, token: Token, params: dict[str, Any]) -> Any:
    community = find_community(fake, required(params, "group_id"))
    require_manager(token, community)
    wanted = {int(x) for x in str(params.get("server_ids") or "").split(",") if x.strip()}
    items = [
        {
            "id": server.server_id,
            "title": server.title,
            "creator_id": 0,
            "url": server.url,
            "secret_key": server.secret or "",
            "status": server.status,
        }
        for server in _callback_servers(fake, community.id)
        if not wanted or server.server_id in wanted
    ]
    return {"count": len(items), "items": items}


async def get_callback_settings(fake: FakeVK, token: Token, params: dict[str, Any]) -> Any:
    community = find_community(fake, required(params, "group_id"))
    require_manager(token, community)
    server_id = int(required(params, "server_id"))
    for server in _callback_servers(fake, community.id):
        if server.server_id == server_id:
            names = CALLBACK_EVENT_NAMES
            enabled = names if server.events is None else server.events
            events = {name: int(name in enabled) for name in names}
            return {"api_version": server.api_version, "events": events}
    raise FakeVKError(100, "One of the parameters specified was missing or invalid: server_id")
