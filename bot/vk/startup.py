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

from bot.vk import report_text
from bot.vk.client import VKClient
from bot.vk.errors import VKError
from bot.vk.rights import TokenReport, check_token

if TYPE_CHECKING:
    from bot.config.model import CommunityConfig
    from bot.sides import Kernel
    from bot.vk.gateway import VkCommunity

log = logging.getLogger(__name__)


def describe(role: str, report: TokenReport, lang: str = "en") -> str:
    """One line per token, in the moderators' language (`bot.vk.report_text`)."""
    return report_text.describe(role, report, lang)


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
    lang = community.language
    tokens = (("user", vk.user), ("community", vk.community))
    for role, client in tokens:
        if client is None:
            lines.append(report_text.missing(role, lang))
            continue
        try:
            report = await check_token(client, vk.group_id)
        except VKError as exc:
            log.warning("VK club%s: %s token not checked: %s", vk.group_id, role, exc)
            lines.append(report_text.unchecked(role, lang))
            continue
        lines.append(describe(role, report, lang))
        if report.kind == "user":
            user_id = await _own_user_id(client)
            if user_id is not None:
                own.add(user_id)
    text = report_text.title(vk.group_id, community.name, lang) + "\n" + "\n".join(lines)
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
