"""Errors the fake VK answers with (HTTP 200, `{"error": {...}}`) and their standard texts."""

from __future__ import annotations

from typing import Any

TEXTS = {
    1: "Unknown error occurred",
    3: "Unknown method passed",
    5: "User authorization failed: invalid access_token (4).",
    6: "Too many requests per second",
    7: "Permission to perform this action is denied",
    8: "Invalid request: v (version) is required",
    9: "Flood control",
    10: "Internal server error",
    14: "Captcha needed",
    15: "Access denied",
    27: "Group authorization failed: method is unavailable with group auth.",
    29: "Rate limit reached",
    100: "One of the parameters specified was missing or invalid",
    104: "Not found",
    243: "Comment has not been deleted",
}


class FakeVKError(Exception):
    def __init__(self, code: int, message: str | None = None, **extra: Any) -> None:
        self.code, self.message, self.extra = code, message or TEXTS.get(code, "Error"), extra
        super().__init__(f"{code}: {self.message}")


def missing(param: str) -> FakeVKError:
    return FakeVKError(
        100, f"One of the parameters specified was missing or invalid: {param} is undefined"
    )
