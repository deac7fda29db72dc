"""The VK side of the app: clients, gateway, Callback API route, Long Poll loops.

`create_vk_side(kernel)` builds one `VKClient` per distinct token, registers the
`VkGateway` for `Platform.VK`, and mounts ONE Callback API route at `[vk] callback_path`
that serves every callback-mode community: VK names the community in each body's
`group_id`, and the route checks that community's `secret`/`confirmation`. Every VK event,
from Callback or Long Poll, goes through `VkIngest.store`: a comment is written to the
inbox (idempotent on its key, so re-sends and transport overlaps are stored once) before
VK is answered `ok` or the Long Poll `ts` moves on; then the worker is woken.
At `start` each token is checked and what it can do is logged and sent to the moderators'
chat (see `bot.vk.startup`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from bot.sides import Kernel
from bot.vk.answers import install_managers, note_community_answer
from bot.vk.callback import CallbackConfig, make_callback_handler
from bot.vk.client import RetryPolicy, VKClient
from bot.vk.convert import Deletion, convert_event
from bot.vk.errors import VKError
from bot.vk.gateway import VkCommunity, VkGateway
from bot.vk.longpoll import KeyValueTsStore, LongPoller, LongPollPolicy
from bot.vk.names import VkNames
from bot.vk.pacing import COMMUNITY_RATE, USER_RATE
from bot.vk.startup import check_community
from moderation.comment import Platform
from moderation.records import AuditEntry

log = logging.getLogger(__name__)

OPTIONS_KEY = "vk"  # kernel.extras[OPTIONS_KEY]: VkSideOptions (tests, tuning)


@dataclass(frozen=True)
class VkSideOptions:
    retry: RetryPolicy | None = None
    user_rate: float = USER_RATE
    community_rate: float = COMMUNITY_RATE
    longpoll: LongPollPolicy | None = None


def ts_key(group_id: int) -> str:
    return f"vk:longpoll:ts:{group_id}"


@dataclass
class VkIngest:
    """Stores VK events: comments into the inbox, deletions into the audit log."""

    kernel: Kernel
    communities: dict[int, str]  # group_id → community id
    own_ids: set[int] = field(default_factory=set)  # our user tokens' users: our deletions
    names: dict[int, VkNames] = field(default_factory=dict)  # group_id → authors' names

    async def store(self, event: dict[str, Any]) -> None:
        """Raises when storage fails, so VK re-sends / Long Poll re-reads the event."""
        community_id = self.communities.get(event.get("group_id"))  # type: ignore[arg-type]
        if community_id is None:
            log.warning("vk event for unknown group %s ignored", event.get("group_id"))
            return
        converted = convert_event(event, community_id)
        if converted is None:
            await note_community_answer(self.kernel, event)  # closes a thread to answer
            return
        if isinstance(converted, Deletion):
            await self._deleted(converted)
            return
        names = self.names.get(int(event.get("group_id", 0)))
        if names is not None:
            converted = await names.named(converted)
        if await self.kernel.inbox.store(converted, event):
            self.kernel.wake_worker()

    async def _deleted(self, deletion: Deletion) -> None:
        deleter = deletion.deleter_id
        if deleter is not None and (deleter in self.own_ids or deleter == -deletion.group_id):
            return  # our own hide coming back as an event: the decision already says so
        # Someone else (the author, a moderator in VK's UI) deleted it: keep the record.
        await self.kernel.repos.audit.add(
            AuditEntry(
                community_id=deletion.community_id,
                actor=f"vk:{deleter}",
                action="vk.comment_deleted",
                detail=f"{deletion.kind} comment {deletion.comment_id} deleted on VK",
                at=self.kernel.clock.now(),
                params={
                    "chat_id": deletion.chat_id,
                    "comment_id": deletion.comment_id,
                    "object_id": deletion.object_id,
                },
            )
        )


class VkSide:
    platform = Platform.VK

    def __init__(
        self,
        kernel: Kernel,
        ingest: VkIngest,
        gateway: VkGateway,
        clients: dict[str, VKClient],
        options: VkSideOptions,
    ) -> None:
        self.kernel, self.ingest, self.gateway = kernel, ingest, gateway
        self._clients, self._options = clients, options
        self.pollers: dict[int, LongPoller] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self.reports: dict[int, list[str]] = {}

    def _community(self, group_id: int) -> VkCommunity:
        return self.gateway.community(self.ingest.communities[group_id])

    async def start(self) -> None:
        for community in self.kernel.config.communities:
            if community.vk is None:
                continue
            vk = self._community(community.vk.group_id)
            lines, own = await check_community(self.kernel, community, vk)
            self.reports[vk.group_id] = lines
            self.ingest.own_ids |= own
            if community.vk.mode == "longpoll":
                await self._start_longpoll(vk)

    async def _start_longpoll(self, vk: VkCommunity) -> None:
        client = vk.community or vk.user
        if client is None:
            log.error("club%s: Long Poll needs a token", vk.group_id)
            return
        ts_store = KeyValueTsStore(self.kernel.state, ts_key(vk.group_id))
        if await ts_store.load() is None:
            # First run: fix the starting point now, so whatever is written once `start`
            # has returned is read, however late the poller's first request goes out.
            try:
                await ts_store.save((await client.get_long_poll_server(vk.group_id)).ts)
            except VKError as exc:  # the poller retries (or stops and logs why)
                log.warning("club%s: no Long Poll server yet: %s", vk.group_id, exc)
        poller = LongPoller(
            client, vk.group_id, self.ingest.store, ts_store, self._options.longpoll
        )
        self.pollers[vk.group_id] = poller
        self._tasks.append(asyncio.create_task(self._poll(poller), name=f"vk-lp-{vk.group_id}"))

    async def _poll(self, poller: LongPoller) -> None:
        try:
            await poller.run()
        except Exception:
            log.exception("vk long poll for club%s stopped", poller.group_id)
        finally:
            await poller.close()

    async def stop(self) -> None:
        for poller in self.pollers.values():
            poller.stop()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        for client in self._clients.values():
            await client.close()


async def create_vk_side(kernel: Kernel) -> VkSide | None:
    """The VK side, or None when the config names no VK community."""
    config = kernel.config
    vk_communities = [c for c in config.communities if c.platform == "vk" and c.vk is not None]
    if not vk_communities:
        return None
    options = kernel.extras.get(OPTIONS_KEY) or VkSideOptions()
    clients: dict[str, VKClient] = {}

    def client_for(token: str, rate: float) -> VKClient | None:
        if not token:
            return None
        if token not in clients:  # one client per token: its pacing is VK's per-token limit
            clients[token] = VKClient(
                token, api_base=config.vk.api_base, rate=rate, retry=options.retry
            )
        return clients[token]

    communities: dict[str, VkCommunity] = {}
    callbacks: dict[int, CallbackConfig] = {}
    for community in vk_communities:
        vk = community.vk
        assert vk is not None
        communities[community.id] = VkCommunity(
            community.id,
            vk.group_id,
            client_for(vk.user_token, options.user_rate),
            client_for(vk.community_token, options.community_rate),
        )
        if vk.mode == "callback":
            callbacks[vk.group_id] = CallbackConfig(
                vk.group_id, vk.confirmation, vk.callback_secret or None
            )
    gateway = VkGateway(communities)
    kernel.router.register(Platform.VK, gateway)
    ingest = VkIngest(kernel, {c.group_id: c.community_id for c in communities.values()})
    ingest.names = {c.group_id: VkNames(c.community or c.user) for c in communities.values()}
    install_managers(kernel, communities.values())  # managers' replies answer questions
    if callbacks:
        kernel.http.add(
            "POST", config.vk.callback_path, make_callback_handler(callbacks, ingest.store)
        )
        if not config.http.enabled:
            log.warning("VK callback communities configured but [http] is disabled")
    return VkSide(kernel, ingest, gateway, clients, options)
