"""The VK side's start-up check: what each configured token can do, told to humans.

A community token alone can receive events and reply but never delete or ban; a user token
of someone who is not a manager can do nothing for the community. Kuzet starts anyway (a
half-working bot that says so beats one that refuses to run), logs each token's report and
sends it to the community's moderators' chat, so nobody learns about a missing right only
when the first hide fails.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.vk.client import VKClient
from bot.vk.errors import VKError
from bot.vk.rights import TokenReport, check_token

if TYPE_CHECKING:
    from bot.config.model import CommunityConfig
    from bot.sides import Kernel
    from bot.vk.gateway import VkCommunity

log = logging.getLogger(__name__)


def describe(role: str, report: TokenReport) -> str:
    can = [
        name
        for name, ok in (
            ("delete/restore comments", report.can_moderate),
            ("ban", report.can_ban),
            ("reply", report.can_reply),
            ("receive events", report.can_receive),
        )
        if ok
    ]
    line = f"{role} token ({report.kind}): can {', '.join(can) if can else 'nothing here'}"
    if report.problems:
        line += "; problems: " + "; ".join(report.problems)
    return line


async def _own_user_id(client: VKClient) -> int | None:
    try:
        users = await client.call("users.get")
    except VKError:
        return None
    return int(users[0]["id"]) if users else None


async def check_community(
    kernel: Kernel, community: CommunityConfig, vk: VkCommunity
) -> tuple[list[str], set[int]]:
    """Report lines for the community's tokens, and the user ids our user tokens act as."""
    lines: list[str] = []
    own: set[int] = set()
    tokens = (("user", vk.user), ("community", vk.community))
    for role, client in tokens:
        if client is None:
            missing = (
                "cannot delete, restore or ban"
                if role == "user"
                else "replies go out as the admin user"
            )
            lines.append(f"{role} token: not configured ({missing})")
            continue
        try:
            report = await check_token(client, vk.group_id)
        except VKError as exc:
            lines.append(f"{role} token: could not be checked ({exc})")
            continue
        lines.append(describe(role, report))
        if report.kind == "user":
            user_id = await _own_user_id(client)
            if user_id is not None:
                own.add(user_id)
    text = f"VK club{vk.group_id} ({community.name}):\n" + "\n".join(lines)
    log.info("%s", text)
    await _tell_moderators(kernel, community, text)
    return lines, own


async def _tell_moderators(kernel: Kernel, community: CommunityConfig, text: str) -> None:
    """Via the notifier's `send_text(chat_id, text)` when the chat side offers one."""
    target = kernel.notifier.target
    send = getattr(target, "send_text", None)
    if send is None or community.moderators_chat is None:
        return
    try:
        await send(str(community.moderators_chat), text)
    except Exception:  # the report is also in the log; a chat outage must not stop start-up
        log.exception("could not send the VK token report to the moderators' chat")
