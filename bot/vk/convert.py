"""Pure conversion of VK events (Callback API and Long Poll share the shape) into what the
pipeline stores: a `moderation.Comment` to moderate, a `Deletion` to keep the record in
step, or None for events Kuzet has nothing to do with.

Comment events of walls, photos, videos, market items and board topics all take this one
path; `metadata["kind"]` tells the gateway which API family acts on the comment.

Revisions: VK sends no edit counter, so a comment's revision is a hash of its text. An
edit with new text is a new revision (judged again); a re-delivery, a restore (often our
own Restore, answered by VK with `wall_reply_restore`) or an edit back to judged text maps
to a revision that exists, so it is never judged — and hidden — twice.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from moderation.comment import Author, Comment, Platform

# event type prefix → (kind, field holding the owner, field holding the object id)
_FAMILIES: dict[str, tuple[str, str, str]] = {
    "wall_reply": ("wall", "post_owner_id", "post_id"),
    "photo_comment": ("photo", "photo_owner_id", "photo_id"),
    "video_comment": ("video", "video_owner_id", "video_id"),
    "market_comment": ("market", "market_owner_id", "item_id"),
    "board_post": ("board", "topic_owner_id", "topic_id"),
}
_COMMENT_ACTIONS = ("new", "edit", "restore")
_MENTION = re.compile(r"\[((?:id|club|public)\d+)\|([^\]]*)\]")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b(?:vk\.cc|t\.me|bit\.ly)/[^\s<>\"']+", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Deletion:
    """A comment deleted on VK (by its author, a moderator in VK's UI, or by us)."""

    community_id: str
    group_id: int
    kind: str  # wall / photo / video / market / board
    chat_id: str
    comment_id: str
    object_id: str
    deleter_id: int | None


def chat_id_for(kind: str, owner_id: int) -> str:
    """Comment ids are unique per owner and family: the wall is the owner id itself."""
    return str(owner_id) if kind == "wall" else f"{kind}{owner_id}"


def revision_for(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) & 0x7FFFFFFF


def clean_text(raw: str) -> str:
    """VK may HTML-escape text; mentions `[id1|Name]` read as the name they show."""
    return _MENTION.sub(lambda m: m.group(2), html.unescape(raw))


def _links(text: str, attachments: Any) -> tuple[str, ...]:
    found = [m.group(0).rstrip(".,;:!?)") for m in _URL.finditer(text)]
    for item in attachments if isinstance(attachments, list) else ():
        if isinstance(item, dict) and item.get("type") == "link":
            url = (item.get("link") or {}).get("url")
            if isinstance(url, str):
                found.append(url)
    return tuple(dict.fromkeys(found))


def _family(event_type: str) -> tuple[str, str, str, str] | None:
    prefix, _, action = event_type.rpartition("_")
    family = _FAMILIES.get(prefix)
    return None if family is None else (*family, action)


def _owner(obj: dict[str, Any], owner_field: str, group_id: int) -> int:
    value = obj.get(owner_field, obj.get("owner_id"))
    return int(value) if value is not None else -group_id


def convert_event(event: dict[str, Any], community_id: str) -> Comment | Deletion | None:
    """What `event` means for community `community_id`; None: nothing to store."""
    family = _family(str(event.get("type", "")))
    obj = event.get("object")
    group_id = event.get("group_id")
    if family is None or not isinstance(obj, dict) or not isinstance(group_id, int):
        return None
    kind, owner_field, object_field, action = family
    owner_id = _owner(obj, owner_field, group_id)
    if action == "delete":
        deleter = obj.get("deleter_id", obj.get("user_id"))
        return Deletion(
            community_id,
            group_id,
            kind,
            chat_id_for(kind, owner_id),
            str(obj["id"]),
            str(obj.get(object_field, "")),
            int(deleter) if deleter is not None else None,
        )
    if action not in _COMMENT_ACTIONS:
        return None
    from_id = int(obj.get("from_id", 0))
    if from_id == -group_id or from_id == 0:
        return None  # the community's own comments (our replies among them)
    text = clean_text(str(obj.get("text", "")))
    reply_to = obj.get("reply_to_comment")
    metadata = {
        "kind": kind,
        "owner_id": str(owner_id),
        "object_id": str(obj.get(object_field, "")),
        "group_id": str(group_id),
        "event_type": str(event["type"]),
    }
    if obj.get("reply_to_user") is not None:
        metadata["reply_to_user"] = str(obj["reply_to_user"])
    if obj.get("parents_stack"):
        metadata["thread"] = str(obj["parents_stack"][0])
    link = comment_link(kind, owner_id, metadata["object_id"], obj["id"], metadata.get("thread"))
    if link:
        metadata["link"] = link
    return Comment(
        platform=Platform.VK,
        community_id=community_id,
        chat_id=chat_id_for(kind, owner_id),
        post_id=metadata["object_id"] or None,
        comment_id=str(obj["id"]),
        revision=revision_for(text),
        author=Author(id=str(from_id), is_channel=from_id < 0),
        text=text,
        created_at=datetime.fromtimestamp(int(obj.get("date", 0)), UTC),
        reply_to=str(reply_to) if reply_to else None,
        links=_links(text, obj.get("attachments")),
        metadata=metadata,
    )


def comment_link(
    kind: str, owner_id: int, object_id: str, comment_id: object, thread: str | None
) -> str | None:
    """Where a moderator opens the comment: the post with the comment highlighted."""
    if kind != "wall" or not object_id:
        return None
    link = f"https://vk.com/wall{owner_id}_{object_id}?reply={comment_id}"
    return f"{link}&thread={thread}" if thread else link
