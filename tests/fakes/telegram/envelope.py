"""The Bot API response envelope: `{"ok": true, "result": …}` or an error with the real rules.

HTTP status equals `error_code`, the description carries the code's prefix, `parameters`
appears only when non-empty, and 429 also sets the `Retry-After` header.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

PREFIXES = {
    400: "Bad Request: ",
    401: "Unauthorized",
    403: "Forbidden: ",
    404: "Not Found",
    409: "Conflict: ",
    429: "Too Many Requests: ",
    500: "Internal Server Error: ",
}


class ApiError(Exception):
    """An error answer; `reason` is the text after the prefix (e.g. "chat not found")."""

    def __init__(self, code: int, reason: str = "", **parameters: Any) -> None:
        self.code = code
        self.reason = reason
        self.parameters = {k: v for k, v in parameters.items() if v is not None}
        super().__init__(self.description)

    @property
    def description(self) -> str:
        prefix = PREFIXES.get(self.code, "")
        if not self.reason:
            return prefix.rstrip(": ")
        if self.code in (401, 404):
            return f"{prefix}: {self.reason}"
        return prefix + self.reason

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            data["parameters"] = self.parameters
        return data


def bad_request(reason: str, **parameters: Any) -> ApiError:
    return ApiError(400, reason, **parameters)


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"retry after {retry_after}", retry_after=retry_after)


def ok_body(result: Any, description: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"ok": True, "result": result}
    if description:
        data["description"] = description
    return data


def json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    headers = {}
    retry_after = body.get("parameters", {}).get("retry_after")
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        headers=headers,
    )
