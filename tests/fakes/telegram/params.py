"""Request parameters: read all four encodings, coerce types, refuse what the API lacks.

The real server takes the query string, url-encoded forms, multipart forms and JSON bodies;
aiogram sends every value as a form string with objects as JSON text. The fake reads them
all, turns ints/bools/JSON fields into Python values, and in strict mode rejects parameters
a method does not have (the parameter list comes from aiogram's method models, which are
generated from the Bot API itself) so encoding drift fails a test instead of passing.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

from aiogram import methods as aiogram_methods
from aiohttp import web

from tests.fakes.telegram.envelope import bad_request

INT_PARAMS = frozenset(
    {
        "message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "until_date",
        "sender_chat_id",
        "message_thread_id",
        "max_connections",
        "cache_time",
        "reply_to_message_id",
    }
)
BOOL_PARAMS = frozenset(
    {
        "only_if_banned",
        "revoke_messages",
        "disable_notification",
        "show_alert",
        "drop_pending_updates",
        "use_independent_chat_permissions",
        "return_bots",
        "protect_content",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "allow_paid_broadcast",
    }
)
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "reply_parameters",
        "permissions",
        "allowed_updates",
        "commands",
        "scope",
        "message_ids",
        "entities",
        "caption_entities",
        "link_preview_options",
    }
)
TRUE_WORDS = frozenset({"true", "1", "yes"})


def _method_schemas() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Lower-cased API method name → (allowed params, required params)."""
    schemas = {}
    for _, cls in inspect.getmembers(aiogram_methods, inspect.isclass):
        api_name = getattr(cls, "__api_method__", None)
        if not isinstance(api_name, str) or not hasattr(cls, "model_fields"):
            continue
        allowed = {f.alias or name for name, f in cls.model_fields.items()}
        required = {f.alias or name for name, f in cls.model_fields.items() if f.is_required()}
        schemas[api_name.lower()] = (frozenset(allowed), frozenset(required))
    return schemas


SCHEMAS = _method_schemas()


async def read_raw(request: web.Request) -> dict[str, Any]:
    """Merge query and body parameters; body wins, as on the real server."""
    raw: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return raw
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise bad_request("can't parse parameters: JSON body is not an object")
        raw.update(body)
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        files = {k: v.file.read() for k, v in form.items() if not isinstance(v, str)}
        for key, value in form.items():
            if isinstance(value, str):
                raw[key] = value
        # A file sent as "photo=attach://<name>" plus a part named <name> (how aiogram
        # uploads): the parameter gets the file's bytes and the part is not a parameter.
        for key, value in list(raw.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                raw[key] = files.pop(value[len("attach://") :], value)
        raw.update(files)
    else:
        text = await request.text()
        if text.strip():
            raise bad_request(f"unsupported content type {content_type}")
    return raw


def coerce(name: str, value: Any) -> Any:
    if name == "chat_id":
        if isinstance(value, str) and not value.startswith("@"):
            try:
                return int(value)
            except ValueError:
                raise bad_request("chat not found") from None
        return value
    if not isinstance(value, str):
        return value  # already typed (JSON body)
    if name in INT_PARAMS:
        try:
            return int(value)
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
    if name in BOOL_PARAMS:
        return value.lower() in TRUE_WORDS
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    return value


def parse(method: str, raw: dict[str, Any], *, strict: bool) -> tuple[dict[str, Any], list[str]]:
    """Coerced params and the list of protocol violations (unknown/missing names)."""
    allowed, required = SCHEMAS.get(method.lower(), (frozenset(), frozenset()))
    violations = []
    if strict:
        violations += [f"{method}: unknown parameter {k!r}" for k in raw if k not in allowed]
    missing = sorted(required - raw.keys())
    if missing:
        violations.append(f"{method}: missing required parameter(s) {missing}")
    return {k: coerce(k, v) for k, v in raw.items()}, violations
