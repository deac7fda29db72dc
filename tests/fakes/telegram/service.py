"""Bot-level methods: getMe, getUpdates, webhook configuration, and the command menu."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakes.telegram.clock import VirtualClock
from tests.fakes.telegram.envelope import bad_request
from tests.fakes.telegram.objects import me_json, webhook_info_json
from tests.fakes.telegram.updates import UpdateQueue, Webhook
from tests.fakes.telegram.world import World

SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


class Service:
    def __init__(self, world: World, clock: VirtualClock, queue: UpdateQueue) -> None:
        self.world = world
        self.clock = clock
        self.queue = queue

    def get_me(self, p: dict[str, Any]) -> dict[str, Any]:
        return me_json(self.world.bot)

    async def get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        allowed = p.get("allowed_updates")
        if allowed is not None and not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON array")
        return await self.queue.get_updates(
            p.get("offset"), p.get("limit", 100), p.get("timeout", 0), allowed
        )

    async def set_webhook(self, p: dict[str, Any]) -> tuple[bool, str]:
        url = p.get("url", "")
        if not url:
            return await self.delete_webhook(p)
        secret = p.get("secret_token")
        if secret is not None and not SECRET_TOKEN.match(secret):
            raise bad_request("secret token contains unallowed characters")
        if not url.startswith(("http://127.0.0.1", "https://", "http://localhost")):
            raise bad_request("bad webhook: HTTPS URL must be provided for webhook")
        current = self.queue.webhook
        if p.get("allowed_updates") is not None:
            self.queue.allowed = list(p["allowed_updates"])
        if current is not None and current.url == url and current.secret_token == secret:
            return True, "Webhook is already set"
        webhook = Webhook(url, secret, p.get("max_connections", 40))
        await self.queue.set_webhook(webhook, bool(p.get("drop_pending_updates")))
        return True, "Webhook was set"

    async def delete_webhook(self, p: dict[str, Any]) -> tuple[bool, str]:
        was_set = self.queue.webhook is not None
        await self.queue.set_webhook(None, bool(p.get("drop_pending_updates")))
        return True, "Webhook was deleted" if was_set else "Webhook is already deleted"

    def get_webhook_info(self, p: dict[str, Any]) -> dict[str, Any]:
        webhook = self.queue.webhook
        if webhook is None:
            return webhook_info_json("", len(self.queue.items), None, 0, None, None)
        return webhook_info_json(
            webhook.url,
            len(self.queue.items),
            self.queue.allowed,
            webhook.max_connections,
            webhook.last_error_date,
            webhook.last_error_message,
        )

    def set_my_commands(self, p: dict[str, Any]) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON array")
        for command in commands:
            if not COMMAND.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.world.commands[self._command_key(p)] = commands
        return True

    def get_my_commands(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        return self.world.commands.get(self._command_key(p), [])

    def delete_my_commands(self, p: dict[str, Any]) -> bool:
        self.world.commands.pop(self._command_key(p), None)
        return True

    @staticmethod
    def _command_key(p: dict[str, Any]) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), p.get("language_code", "")
