"""Which handler answers each VK method, and which parameters each method accepts."""

from __future__ import annotations

from tests.fakes.vk import groups, methods
from tests.fakes.vk.methods import Handler

HANDLERS: dict[str, Handler] = {
    "wall.deleteComment": methods.delete_comment,
    "wall.restoreComment": methods.restore_comment,
    "wall.createComment": methods.create_comment,
    "wall.getComment": methods.get_comment,
    "wall.getComments": methods.get_comments,
    "groups.ban": groups.ban,
    "groups.unban": groups.unban,
    "groups.getBanned": groups.get_banned,
    "groups.getById": groups.get_by_id,
    "groups.getMembers": groups.get_members,
    "groups.getLongPollServer": groups.get_long_poll_server,
    "groups.getCallbackConfirmationCode": groups.get_confirmation_code,
    "groups.getTokenPermissions": groups.get_token_permissions,
    "groups.getCallbackServers": groups.get_callback_servers,
    "groups.getCallbackSettings": groups.get_callback_settings,
    "account.getAppPermissions": groups.get_app_permissions,
    "users.get": groups.users_get,
}
# Comments on photos, videos, market items and board topics (vk.md §3, §8).
FAMILIES = {"photos": "photo", "video": "video", "market": "market", "board": "board"}
for _prefix, _kind in FAMILIES.items():
    _delete, _restore, _create = methods.family(_kind)
    HANDLERS[f"{_prefix}.deleteComment"] = _delete
    HANDLERS[f"{_prefix}.restoreComment"] = _restore
    HANDLERS[f"{_prefix}.createComment"] = _create

# Parameters each method accepts (strict mode: anything else is a protocol violation).
PARAMS: dict[str, frozenset[str]] = {
    "wall.deleteComment": frozenset({"owner_id", "comment_id"}),
    "wall.restoreComment": frozenset({"owner_id", "comment_id"}),
    "wall.createComment": frozenset(
        {
            "owner_id",
            "post_id",
            "from_group",
            "message",
            "reply_to_comment",
            "attachments",
            "sticker_id",
            "guid",
        }
    ),
    "wall.getComment": frozenset({"owner_id", "comment_id", "extended", "fields"}),
    "wall.getComments": frozenset(
        {
            "owner_id",
            "post_id",
            "need_likes",
            "start_comment_id",
            "offset",
            "count",
            "sort",
            "preview_length",
            "extended",
            "fields",
            "comment_id",
            "thread_items_count",
        }
    ),
    "groups.ban": frozenset(
        {"group_id", "owner_id", "end_date", "reason", "comment", "comment_visible"}
    ),
    "groups.unban": frozenset({"group_id", "owner_id"}),
    "groups.getBanned": frozenset({"group_id", "offset", "count", "fields", "owner_id"}),
    "groups.getById": frozenset({"group_id", "group_ids", "fields"}),
    "groups.getMembers": frozenset({"group_id", "sort", "offset", "count", "fields", "filter"}),
    "groups.getLongPollServer": frozenset({"group_id"}),
    "groups.getCallbackConfirmationCode": frozenset({"group_id"}),
    "groups.getTokenPermissions": frozenset(),
    "groups.getCallbackServers": frozenset({"group_id", "server_ids"}),
    "groups.getCallbackSettings": frozenset({"group_id", "server_id"}),
    "account.getAppPermissions": frozenset({"user_id"}),
    "users.get": frozenset({"user_ids", "fields", "name_case"}),
    "board.deleteComment": frozenset({"group_id", "topic_id", "comment_id"}),
    "board.restoreComment": frozenset({"group_id", "topic_id", "comment_id"}),
    "board.createComment": frozenset(
        {"group_id", "topic_id", "message", "attachments", "from_group", "sticker_id", "guid"}
    ),
}
for _prefix, _object in (("photos", "photo_id"), ("video", "video_id"), ("market", "item_id")):
    PARAMS[f"{_prefix}.deleteComment"] = frozenset({"owner_id", "comment_id"})
    PARAMS[f"{_prefix}.restoreComment"] = frozenset({"owner_id", "comment_id"})
    PARAMS[f"{_prefix}.createComment"] = frozenset(
        {
            "owner_id",
            _object,
            "message",
            "attachments",
            "from_group",
            "reply_to_comment",
            "sticker_id",
            "guid",
        }
    )
