"""Kuzet's VK errors, and the one place where VK's error envelope becomes them.

VK answers API errors with HTTP 200 and `{"error": {"error_code": N, ...}}`;
`error_from_envelope` maps the code to a class that answers the caller's question: may it
try again (`retryable`), must a human fix a token or a right (`AuthFailed`,
`AccessDenied`, `CaptchaNeeded`), or is the job done anyway (`NotFound`, `NotDeleted`)?
Messages carry the method, code and VK's text, never the access token.
"""

from __future__ import annotations

from typing import Any


class VKError(Exception):
    """Base of every VK failure."""

    retryable = False

    def __init__(self, method: str, message: str) -> None:
        self.method = method
        self.message = message
        super().__init__(f"{method}: {message}")


class VKUnavailable(VKError):
    """Network trouble, timeouts, 5xx or a non-JSON answer that outlasted the retries."""

    retryable = True


class VKAPIError(VKError):
    """An error answered by the API; `code` is VK's error_code."""

    code = 0

    def __init__(self, method: str, code: int, message: str) -> None:
        self.code = code
        super().__init__(method, f"error {code}: {message}")


class UnknownError(VKAPIError):
    retryable = True  # code 1, transient on VK's side


class AuthFailed(VKAPIError):
    """Code 5: the token is invalid, expired, revoked, or of the wrong kind."""


class TooManyRequests(VKAPIError):
    retryable = True  # code 6: over the per-token rate


class FloodControl(VKAPIError):
    retryable = True  # code 9: too many similar actions; back off long


class InternalError(VKAPIError):
    retryable = True  # code 10


class CaptchaNeeded(VKAPIError):
    """Code 14: a human must solve a captcha; the bot pauses and reports."""

    def __init__(self, method: str, code: int, message: str, sid: str = "", img: str = "") -> None:
        super().__init__(method, code, message)
        self.captcha_sid, self.captcha_img = sid, img


class AccessDenied(VKAPIError):
    """Codes 7, 15, 27 (community token on a user-only method), 28, 203, 210–212."""


class RateLimitReached(VKAPIError):
    """Code 29: the method's daily quota is spent; retrying now cannot help."""


class InvalidRequest(VKAPIError):
    """Codes 3, 8, 100, 113: a bug on our side."""


class NotFound(VKAPIError):
    """Codes 18 and 104: the object is gone; for a deletion the job is done."""


class NotDeleted(VKAPIError):
    """Code 243: restoreComment on a comment that is not deleted; the job is done."""


_BY_CODE: dict[int, type[VKAPIError]] = {
    1: UnknownError,
    5: AuthFailed,
    6: TooManyRequests,
    9: FloodControl,
    10: InternalError,
    14: CaptchaNeeded,
    29: RateLimitReached,
    18: NotFound,
    104: NotFound,
    243: NotDeleted,
    **dict.fromkeys((7, 15, 27, 28, 203, 210, 211, 212, 213), AccessDenied),
    **dict.fromkeys((3, 8, 100, 113), InvalidRequest),
}


def error_from_envelope(method: str, error: dict[str, Any], token: str = "") -> VKAPIError:
    """The typed error for VK's `error` object (request_params are dropped: they echo input)."""
    code = int(error.get("error_code", 0))
    message = str(error.get("error_msg", "unknown error"))
    if token:
        message = message.replace(token, "***")
    cls = _BY_CODE.get(code, VKAPIError)
    if cls is CaptchaNeeded:
        return CaptchaNeeded(
            method,
            code,
            message,
            str(error.get("captcha_sid", "")),
            str(error.get("captcha_img", "")),
        )
    return cls(method, code, message)
