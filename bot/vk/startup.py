"""The VK side's start-up check: what each configured token can do, told to humans.

A community token alone can receive events and reply but never delete or ban; a user token
of someone who is not a manager can do nothing for the community. Kuzet starts anyway (a
half-working bot that says so beats one that refuses to run). Every token's abilities are
logged; only real problems — something the tokens together cannot do, a token VK rejects —
are also sent to the community's moderators' chat, so nobody learns about a missing right
only when the first hide fails, and nobody reads a warning about a limit that another token
already covers.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.vk import report_text
from bot.vk.client import VKClient
from bot.vk.errors import VKError
from bot.vk.rights import TokenKind, TokenReport, check_token, pair_problems

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
    """The community's real problems (empty: none), and the user ids our user tokens act as."""
    problems: list[str] = []
    reports: dict[str, TokenReport | None] = {"user": None, "community": None}
    own: set[int] = set()
    lang = community.language
    lines: list[str] = []
    for role, client in (("user", vk.user), ("community", vk.community)):
        if client is None:
            log.info("VK club%s: no %s token configured", vk.group_id, role)
            continue
        try:
            report = await check_token(client, vk.group_id)
        except VKError as exc:
            log.warning("VK club%s: %s token not checked: %s", vk.group_id, role, exc)
            problems.append(f"{role} token: could not be checked ({exc})")
            lines.append(report_text.unchecked(role, lang))
            continue
        log.info("VK club%s: %s", vk.group_id, describe(role, report))
        problems += [f"{role} token: {problem}" for problem in report.problems]
        if report.problems:
            lines.append(describe(role, report, lang))
        if role == "user" and report.kind is TokenKind.COMMUNITY:
            problem = "community token cannot delete comments or ban"
            problems.append(f"user token: is a {problem}")
            lines.append(report_text.problem_text(problem, lang))
        if report.kind is not TokenKind.INVALID:
            reports[role] = report
        if report.kind is TokenKind.USER:
            user_id = await _own_user_id(client)
            if user_id is not None:
                own.add(user_id)
    longpoll = community.vk is not None and community.vk.mode == "longpoll"
    pair = pair_problems(reports["user"], reports["community"], longpoll)
    problems += pair
    lines += [report_text.problem_text(problem, lang) for problem in pair]
    if problems:
        log.warning("VK club%s (%s): %s", vk.group_id, community.name, "; ".join(problems))
        text = report_text.title(vk.group_id, community.name, lang) + "\n" + "\n".join(lines)
        await _tell_moderators(kernel, community, text)
    return problems, own


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
