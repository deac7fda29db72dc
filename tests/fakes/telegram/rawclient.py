"""A raw Bot API client for the fake's self-tests: any encoding, any verb, any spelling."""

from __future__ import annotations

from typing import Any

import aiohttp

from tests.fakes.telegram.server import FakeTelegram


async def call(
    http: aiohttp.ClientSession,
    tg: FakeTelegram,
    method: str,
    *,
    how: str = "form",
    **params: Any,
) -> tuple[int, dict[str, Any], dict[str, str]]:
    url = f"{tg.api_base}/bot{tg.token}/{method}"
    if how == "json":
        response = await http.post(url, json=params)
    elif how == "query":
        response = await http.get(url, params={k: str(v) for k, v in params.items()})
    elif how == "multipart":
        form = aiohttp.FormData()
        for key, value in params.items():
            form.add_field(key, str(value), content_type="text/plain")
        response = await http.post(url, data=form)
    else:
        response = await http.post(url, data={k: str(v) for k, v in params.items()})
    async with response:
        return response.status, await response.json(), dict(response.headers)
