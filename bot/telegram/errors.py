"""Kuzet's Telegram errors, and the one place where aiogram's exceptions become them.

Callers never see aiogram exceptions: the transport (`transport.py`) retries what can be
retried and raises one of these. The classes answer the questions the moderation code asks:
is the job done anyway (`MessageGone`), must a human fix something (`NotEnoughRights`,
`ChatGone`, `InvalidToken`), or may it try again later (`Transient`)?
"""

from __future__ import annotations

import re

from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.utils.token import TokenValidationError


class TelegramGatewayError(Exception):
    """Base of every Telegram failure; `method` is the API method, `description` Telegram's text."""

    def __init__(self, method: str, description: str) -> None:
        self.method = method
        self.description = description
        super().__init__(f"{method}: {description}")


class Transient(TelegramGatewayError):
    """Flood control, 5xx, network trouble or timeouts that outlasted the retries."""


class RateLimited(Transient):
    def __init__(self, method: str, description: str, retry_after: float) -> None:
        super().__init__(method, description)
        self.retry_after = retry_after


class MessageGone(TelegramGatewayError):
    """The message no longer exists; for a deletion this means the job is already done."""


class MessageUndeletable(TelegramGatewayError):
    """The message exists but cannot be deleted (older than 48 h, or a service message)."""


class NotModified(TelegramGatewayError):
    """An edit with identical content; the message already shows what we wanted."""


class NotEnoughRights(TelegramGatewayError):
    """The bot lacks an admin right; `right` names it when Telegram's text identifies it."""

    def __init__(self, method: str, description: str, right: str | None) -> None:
        super().__init__(method, description)
        self.right = right


class TargetProtected(TelegramGatewayError):
    """The target is an administrator, the owner, or the bot itself."""


class ChatGone(TelegramGatewayError):
    """Chat unknown, bot removed from it, or the group migrated (`migrate_to_chat_id`)."""

    def __init__(self, method: str, description: str, migrate_to_chat_id: int | None = None):
        super().__init__(method, description)
        self.migrate_to_chat_id = migrate_to_chat_id


class QueryExpired(TelegramGatewayError):
    """A callback query answered too late (or twice)."""


class InvalidToken(TelegramGatewayError):
    """The bot token is malformed or Telegram does not know it."""


class Conflict(TelegramGatewayError):
    """Another getUpdates consumer or an active webhook (HTTP 409)."""


class Rejected(TelegramGatewayError):
    """Any other refusal (bad request): retrying the same call will not help."""


# Which right a "not enough rights" answer is about, by the method that got it.
RIGHT_BY_METHOD = {
    "deleteMessage": "can_delete_messages",
    "deleteMessages": "can_delete_messages",
    "banChatMember": "can_restrict_members",
    "unbanChatMember": "can_restrict_members",
    "restrictChatMember": "can_restrict_members",
    "banChatSenderChat": "can_restrict_members",
    "unbanChatSenderChat": "can_restrict_members",
    "pinChatMessage": "can_pin_messages",
}
RIGHTS_TEXT = re.compile(r"not enough rights|CHAT_ADMIN_REQUIRED|have no rights", re.I)
CHAT_GONE_TEXT = re.compile(
    r"chat not found|bot was kicked|bot is not a member|PEER_ID_INVALID|CHANNEL_PRIVATE|"
    r"group chat was deactivated|bot was blocked by the user",
    re.I,
)
TARGET_TEXT = re.compile(
    r"user is an administrator|can't remove chat owner|can't restrict self|"
    r"USER_ADMIN_INVALID|method is available only for supergroups",
    re.I,
)


def _right_for(method: str, description: str) -> str | None:
    if "restrict" in description:
        return "can_restrict_members"
    if "delete" in description:
        return "can_delete_messages"
    return RIGHT_BY_METHOD.get(method)


def _classify_bad_request(method: str, text: str) -> TelegramGatewayError:
    lowered = text.lower()
    if "not found" in lowered and "message" in lowered:
        return MessageGone(method, text)
    if "message can't be deleted" in lowered:
        return MessageUndeletable(method, text)
    if "message is not modified" in lowered:
        return NotModified(method, text)
    if RIGHTS_TEXT.search(text):
        return NotEnoughRights(method, text, _right_for(method, lowered))
    if TARGET_TEXT.search(text):
        return TargetProtected(method, text)
    if CHAT_GONE_TEXT.search(text):
        return ChatGone(method, text)
    if "query is too old" in lowered or "query id is invalid" in lowered:
        return QueryExpired(method, text)
    return Rejected(method, text)


def from_aiogram(exc: AiogramError | TokenValidationError, method: str) -> TelegramGatewayError:
    """Translate one aiogram exception; the only place that knows aiogram's error types."""
    text = exc.message if isinstance(exc, TelegramAPIError) else str(exc)
    if isinstance(exc, TokenValidationError | TelegramUnauthorizedError):
        return InvalidToken(method, text or "Unauthorized")
    if isinstance(exc, TelegramRetryAfter):
        return RateLimited(method, text, exc.retry_after)
    if isinstance(exc, TelegramMigrateToChat):
        return ChatGone(method, text, exc.migrate_to_chat_id)
    if isinstance(exc, TelegramEntityTooLarge):  # a network error in aiogram, but final
        return Rejected(method, text)
    if isinstance(exc, TelegramServerError | TelegramNetworkError):
        return Transient(method, text)
    if isinstance(exc, ClientDecodeError):
        # A non-JSON body is a proxy's error page (Transient); a body that is JSON but
        # does not fit the method's type is a protocol problem, not worth retrying.
        kind = Transient if "decode" in exc.message else Rejected
        return kind(method, exc.message)
    if isinstance(exc, TelegramConflictError):
        return Conflict(method, text)
    if isinstance(exc, TelegramForbiddenError):
        return ChatGone(method, text)
    if isinstance(exc, TelegramBadRequest | TelegramNotFound):
        return _classify_bad_request(method, text)
    return Rejected(method, text)
