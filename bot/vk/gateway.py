"""The VK `PlatformGateway`: hide, restore, ban, unban, mute and reply on VK communities.

Moderation (deleting/restoring comments, bans) goes out with the community admin's *user*
token — VK refuses those methods to a community token (error 27), except on discussion
boards — and wall replies go out with the community token, posted as the community.
Replies under photos, videos, market items and board topics go out with the user token
(posting as the community): VK's documents do not promise a community token works there.
Errors are the client's typed `VKError`s: the service stores them and shows them on the
card; 5/14/15/27 are never retried by the client. "Not found" on a deletion and "not
deleted" on a restore mean the job is done.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.vk.client import VKClient
from bot.vk.errors import InvalidRequest, NotDeleted, NotFound, VKError
from moderation.comment import Comment, UserRef

log = logging.getLogger(__name__)

BAN_REASON = 2  # VK's "verbal abuse": what Kuzet bans for
BAN_NOTE = "Kuzet moderation"


class VkSideError(VKError):
    """A VK action this instance cannot attempt as configured (the message says why)."""


@dataclass(frozen=True)
class VkCommunity:
    """One community's clients; either token may be missing (reported at start-up)."""

    community_id: str
    group_id: int
    user: VKClient | None  # the admin's user token: delete, restore, ban
    community: VKClient | None  # the community token: replies


class VkGateway:
    """Routes each action to the comment's community and the right token."""

    def __init__(self, communities: Mapping[str, VkCommunity]) -> None:
        self._communities = dict(communities)

    def community(self, community_id: str) -> VkCommunity:
        try:
            return self._communities[community_id]
        except KeyError:
            raise VkSideError(
                "vk", f"community {community_id!r} is not a VK community of this instance"
            ) from None

    def _moderator(self, community_id: str) -> tuple[VkCommunity, VKClient]:
        community = self.community(community_id)
        if community.user is None:
            raise VkSideError(
                "vk",
                f"club{community.group_id} has no user_token: configure a "
                "community admin's user token to delete, restore and ban",
            )
        return community, community.user

    def _hider(self, comment: Comment) -> tuple[VkCommunity, VKClient]:
        community = self.community(comment.community_id)
        board = comment.metadata.get("kind") == "board"
        if board and community.user is None and community.community is not None:
            return community, community.community  # boards accept a community token
        return self._moderator(comment.community_id)

    async def hide(self, comment: Comment, *, reposted: bool = True) -> None:
        community, client = self._hider(comment)
        method, params = _comment_call(comment, community.group_id, "deleteComment")
        try:
            await client.call(method, **params)
        except NotFound:
            log.info("vk %s: comment %s already gone", method, comment.key)

    async def restore(self, comment: Comment) -> str | None:
        community, client = self._hider(comment)
        method, params = _comment_call(comment, community.group_id, "restoreComment")
        try:
            await client.call(method, **params)
        except (NotDeleted, NotFound) as exc:
            log.info("vk %s: nothing to restore for %s (%s)", method, comment.key, exc.code)
        return None  # VK restores in place: the comment keeps its id

    async def ban(self, user: UserRef, until: datetime | None) -> None:
        community, client = self._moderator(user.community_id)
        await client.ban(
            community.group_id,
            int(user.user_id),
            end_date=int(until.timestamp()) if until is not None else None,
            reason=BAN_REASON,
            comment=BAN_NOTE,
        )

    async def mute(self, user: UserRef, until: datetime) -> None:
        # VK has no mute: a ban that ends is the nearest thing.
        await self.ban(user, until)

    async def unban(self, user: UserRef) -> None:
        community, client = self._moderator(user.community_id)
        await client.unban(community.group_id, int(user.user_id))

    async def reply(self, comment: Comment, text: str) -> str:
        community = self.community(comment.community_id)
        kind = comment.metadata.get("kind", "wall")
        if kind != "wall":
            return await self._reply_elsewhere(community, comment, kind, text)
        client = community.community or community.user
        if client is None:
            raise VkSideError("vk", f"club{community.group_id} has no token to reply with")
        owner_id, post_id = (
            int(comment.metadata.get("owner_id", -community.group_id)),
            int(comment.post_id or 0),
        )
        try:
            created = await client.create_comment(
                owner_id,
                post_id,
                text,
                reply_to_comment=int(comment.comment_id),
                from_group=community.group_id,
            )
        except InvalidRequest as exc:
            if "reply_to_comment" not in exc.message:
                raise
            # The comment is gone (typically: we just hid it, and this is the warning):
            # answer under the post, addressing the author by a VK mention instead.
            created = await client.create_comment(
                owner_id, post_id, _addressed(comment, text), from_group=community.group_id
            )
        return str(created.comment_id)

    async def _reply_elsewhere(
        self, community: VkCommunity, comment: Comment, kind: str, text: str
    ) -> str:
        """A reply under a photo, video, market item or board topic."""
        client = community.user or community.community
        if client is None:
            raise VkSideError("vk", f"club{community.group_id} has no token to reply with")
        method, params = _create_call(comment, community.group_id, kind)
        if kind == "board":  # board posts have no reply_to_comment: address by mention
            params["message"] = _addressed(comment, text)
            answer = await client.call(method, **params)
        else:
            try:
                answer = await client.call(
                    method, **params, message=text, reply_to_comment=int(comment.comment_id)
                )
            except InvalidRequest as exc:
                if "reply_to_comment" not in exc.message:
                    raise
                answer = await client.call(method, **params, message=_addressed(comment, text))
        # wall.createComment answers {"comment_id": …}; the other families the bare id
        return str(answer["comment_id"] if isinstance(answer, dict) else answer)


def _create_call(comment: Comment, group_id: int, kind: str) -> tuple[str, dict[str, int | str]]:
    """The createComment method and its params (message aside) for a non-wall comment."""
    object_id = int(comment.metadata.get("object_id") or comment.post_id or 0)
    if kind == "board":
        return "board.createComment", {
            "group_id": group_id,
            "topic_id": object_id,
            "from_group": 1,
        }
    family, object_param = {
        "photo": ("photos", "photo_id"),
        "video": ("video", "video_id"),
        "market": ("market", "item_id"),
    }.get(kind, ("", ""))
    if not family:
        raise VkSideError("vk", f"unknown VK comment kind {kind!r}")
    owner_id = int(comment.metadata.get("owner_id", -group_id))
    # from_group is a flag outside the wall (1: post as the community), not the group id
    return f"{family}.createComment", {
        "owner_id": owner_id,
        object_param: object_id,
        "from_group": 1,
    }


def _addressed(comment: Comment, text: str) -> str:
    """The text with the author mentioned first; a text that already opens with the
    author's name (drafts and notices do) gets the mention in its place, not twice."""
    name = comment.author.display
    if name and text.startswith(f"{name}, "):
        return f"{_mention(comment)}, {text[len(name) + 2 :]}"
    return f"{_mention(comment)}, {text}"


def _mention(comment: Comment) -> str:
    author = comment.author
    prefix = "club" if author.is_channel else "id"
    return f"[{prefix}{author.id.lstrip('-')}|{author.display}]"


def _comment_call(comment: Comment, group_id: int, verb: str) -> tuple[str, dict[str, int]]:
    """The API method and params that delete/restore `comment` in its family."""
    meta = comment.metadata
    kind = meta.get("kind", "wall")
    owner_id = int(meta.get("owner_id", -group_id))
    comment_id = int(comment.comment_id)
    if kind == "board":
        return f"board.{verb}", {
            "group_id": group_id,
            "topic_id": int(meta.get("object_id") or 0),
            "comment_id": comment_id,
        }
    family = {"wall": "wall", "photo": "photos", "video": "video", "market": "market"}.get(kind)
    if family is None:
        raise VkSideError("vk", f"unknown VK comment kind {kind!r}")
    return f"{family}.{verb}", {"owner_id": owner_id, "comment_id": comment_id}
