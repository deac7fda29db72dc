"""The VK token report in the moderators' language: what each token can do, and what is
wrong, in words (`vk.*` catalog strings). The checks in `bot.vk.rights` describe problems
in English for the log; each known one is reworded here, an unknown one is kept as is."""

from __future__ import annotations

import re

from bot.vk.rights import TokenReport
from moderation.i18n import t

_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"community token cannot delete comments or ban"), "vk.problem.no_moderation"),
    (re.compile(r"lacks the '(?P<name>\w+)' right"), "vk.problem.right"),
    (re.compile(r"belongs to club(?P<other>\d+), not club(?P<group>\d+)"),
     "vk.problem.other_group"),
    (re.compile(r"groups\.getById failed"), "vk.problem.unchecked"),
    (re.compile(r"token rejected by VK"), "vk.problem.rejected"),
    (re.compile(r"not a manager of club(?P<group>\d+)"), "vk.problem.not_manager"),
    (re.compile(r"user token lacks the '(?P<name>\w+)' scope"), "vk.problem.scope"),
    (re.compile(r"^Long Poll needs"), "vk.problem.longpoll"),
    (re.compile(r"^no configured token can delete"), "vk.problem.nobody_deletes"),
    (re.compile(r"^the user token cannot ban"), "vk.problem.user_cannot_ban"),
    (re.compile(r"^no configured token can reply"), "vk.problem.nobody_replies"),
)  # fmt: skip


_SCOPES = frozenset({"wall", "groups", "offline", "manage", "messages", "photos"})


def problem_text(problem: str, lang: str) -> str:
    for pattern, key in _PROBLEMS:
        found = pattern.search(problem)
        if found:
            fields = found.groupdict()
            if fields.get("name") in _SCOPES:  # VK's identifier, in words
                fields["name"] = t(lang, f"vk.scope.{fields['name']}")
            return t(lang, key, **fields)
    return problem


def describe(role: str, report: TokenReport, lang: str = "en") -> str:
    """ "Токен администратора: может удалять и восстанавливать комментарии, блокировать"."""
    abilities = [
        t(lang, key)
        for key, ok in (
            ("vk.can.moderate", report.can_moderate),
            ("vk.can.ban", report.can_ban),
            ("vk.can.reply", report.can_reply),
            ("vk.can.receive", report.can_receive),
        )
        if ok
    ]
    who = t(lang, f"vk.role.{role}")
    if abilities:
        line = t(lang, "vk.token", role=who, can=", ".join(abilities))
    else:  # its own sentence: Kazakh negates the verb ("істей алмайды"), not the object
        line = t(lang, "vk.token_nothing", role=who)
    if report.problems:
        problems = "; ".join(problem_text(p, lang) for p in report.problems)
        line += t(lang, "vk.problems", problems=problems)
    return line


def missing(role: str, lang: str) -> str:
    return t(lang, f"vk.missing.{role}")


def unchecked(role: str, lang: str) -> str:
    return t(lang, "vk.unchecked", role=t(lang, f"vk.role.{role}"))


def title(group_id: int, name: str, lang: str) -> str:
    return t(lang, "vk.title", group=group_id, name=name)
