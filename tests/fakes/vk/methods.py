"""The fake VK's comment methods (wall, photos, video, market, board) and the per-object
checks every method shares.

Handlers get `(fake, token, params)` and return the `response` value or raise
`FakeVKError`; `family(kind)` gives the delete/restore/create handlers of one family. The
token kind itself was already checked by `tokens.authorize`; here live the per-object
rights (admin role, comment author, community of a community token).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from tests.fakes.vk.errors import FakeVKError, missing
from tests.fakes.vk.events import event_type, family_delete_object
from tests.fakes.vk.tokens import Token, TokenKind
from tests.fakes.vk.world import Comment, Community

if TYPE_CHECKING:
    from tests.fakes.vk.server import FakeVK

LEVELS = {"moderator": 1, "editor": 2, "administrator": 3, "creator": 3}
Handler = Callable[["FakeVK", Token, dict[str, Any]], Awaitable[Any]]


def required(params: dict[str, Any], name: str) -> Any:
    if params.get(name) in (None, ""):
        raise missing(name)
    return params[name]


def find_community(fake: FakeVK, group_id: int) -> Community:
    community = fake.world.communities.get(abs(int(group_id)))
    if community is None:
        raise FakeVKError(
            100, "One of the parameters specified was missing or invalid: group_id is invalid"
        )
    return community


def require_manager(token: Token, community: Community) -> None:
    if token.kind is TokenKind.COMMUNITY and token.owner_id == community.id:
        return
    if token.kind is TokenKind.USER and community.is_manager(token.owner_id):
        return
    raise FakeVKError(15, "Access denied: you are not a manager of this community")


def find_comment(fake: FakeVK, params: dict[str, Any], kind: str = "wall") -> Comment:
    comment_id = int(required(params, "comment_id"))
    if kind == "board":
        owner_id = -int(required(params, "group_id"))
    else:
        owner_id = int(params.get("owner_id") or 0)
    comment = fake.world.comments.get((owner_id, comment_id))
    if comment is None or comment.kind != kind:
        raise FakeVKError(104, "Not found")
    if kind == "board" and comment.post_id != int(required(params, "topic_id")):
        raise FakeVKError(104, "Not found")
    return comment


async def delete_comment(
    fake: FakeVK, token: Token, params: dict[str, Any], kind: str = "wall"
) -> int:
    comment = find_comment(fake, params, kind)
    community = fake.world.community_of(comment.owner_id)
    if token.owner_id != comment.from_id:
        if community is None:
            raise FakeVKError(211, "Access to wall's comment denied")
        require_manager(token, community)
    if comment.deleted:  # unverified on VK; the fake treats a repeat as a no-op
        return 1
    comment.deleted_at = fake.world.clock.now()
    if community is not None:
        await fake.log(community.id).emit(
            event_type(kind, "delete"),
            family_delete_object(
                kind, comment.owner_id, comment.id, comment.post_id, token.owner_id
            ),
        )
    return 1


async def restore_comment(
    fake: FakeVK, token: Token, params: dict[str, Any], kind: str = "wall"
) -> int:
    comment = find_comment(fake, params, kind)
    community = fake.world.community_of(comment.owner_id)
    if community is not None and token.owner_id != comment.from_id:
        require_manager(token, community)
    if not comment.deleted:
        raise FakeVKError(243, "Comment has not been deleted")
    if not fake.world.restorable(comment):
        raise FakeVKError(104, "Not found: the restore window has passed")
    comment.deleted_at = None
    if community is not None:
        await fake.log(community.id).emit(event_type(kind, "restore"), comment.event_object())
    return 1


# The parameter naming the commented object, per family (wall.createComment: post_id).
OBJECT_PARAM = {
    "wall": "post_id",
    "photo": "photo_id",
    "video": "video_id",
    "market": "item_id",
    "board": "topic_id",
}


async def create_comment(
    fake: FakeVK, token: Token, params: dict[str, Any], kind: str = "wall"
) -> Any:
    object_param = OBJECT_PARAM[kind]
    object_id = int(required(params, object_param))
    if kind == "board":
        owner_id = -int(required(params, "group_id"))
    else:
        owner_id = int(params.get("owner_id") or 0)
    post = fake.world.posts.get((owner_id, object_id))
    if post is None or post.kind != kind:
        raise FakeVKError(
            100,
            f"One of the parameters specified was missing or invalid: {object_param} is invalid",
        )
    message = str(required(params, "message"))
    community = fake.world.community_of(owner_id)
    author = token.owner_id
    if token.kind is TokenKind.COMMUNITY:
        if community is None or token.owner_id != community.id:
            raise FakeVKError(15, "Access denied")
        author = -community.id
    elif int(params.get("from_group") or 0) and community is not None:
        require_manager(token, community)
        author = -community.id
    reply_to = params.get("reply_to_comment")
    comment = await fake.add_comment(
        owner_id, object_id, author, message, int(reply_to) if reply_to else None
    )
    if kind == "wall":
        return {"comment_id": comment.id, "parents_stack": comment.parents_stack}
    return comment.id  # the other families answer with the bare id


def family(kind: str) -> tuple[Handler, Handler, Handler]:
    """(deleteComment, restoreComment, createComment) handlers of one family."""

    async def delete(fake: FakeVK, token: Token, params: dict[str, Any]) -> int:
        return await delete_comment(fake, token, params, kind)

    async def restore(fake: FakeVK, token: Token, params: dict[str, Any]) -> int:
        return await restore_comment(fake, token, params, kind)

    async def create(fake: FakeVK, token: Token, params: dict[str, Any]) -> Any:
        return await create_comment(fake, token, params, kind)

    return delete, restore, create


async def get_comment(fake: FakeVK, token: Token, params: dict[str, Any]) -> dict[str, Any]:
    comment = find_comment(fake, params)
    if comment.deleted:
        raise FakeVKError(211, "Access to wall's comment denied: comment was deleted")
    return {
        "items": [comment.as_vk(fake.world.thread_count(comment))],
        "can_post": True,
        "show_reply_button": True,
        "groups_can_post": True,
    }


async def get_comments(fake: FakeVK, token: Token, params: dict[str, Any]) -> dict[str, Any]:
    owner_id, post_id = int(params.get("owner_id") or 0), int(required(params, "post_id"))
    parent = params.get("comment_id")
    live = [
        c
        for c in fake.world.comments.values()
        if (c.owner_id, c.post_id) == (owner_id, post_id) and not c.deleted
    ]
    level = [
        c
        for c in live
        if (c.parents_stack[-1:] == [int(parent)] if parent else not c.parents_stack)
    ]
    offset, count = int(params.get("offset") or 0), min(int(params.get("count") or 10), 100)
    page = sorted(level, key=lambda c: c.id)[offset : offset + count]
    return {
        "count": len(level),
        "current_level_count": len(level),
        "can_post": True,
        "show_reply_button": True,
        "groups_can_post": True,
        "items": [c.as_vk(fake.world.thread_count(c)) for c in page],
    }
