"""Every bot command in one table: its handler, where it runs, and its help and menu texts.

One line per command. `DESK` commands run in a moderators' chat; `GROUP` commands run in a
moderated group as a reply to someone's message (Rose-style). Help lines and menu
descriptions come from the catalogs (`help.<name>`, `menu.<name>`), so a new command needs
its line here plus two strings per language. Other modules may add commands with
`add(...)` at import time (e.g. monitoring's `/stats`, `/unanswered`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.telegram.commands import group as g
from bot.telegram.commands import handlers as h
from bot.telegram.commands import settings as s
from bot.telegram.texts import ui


class Place(StrEnum):
    DESK = "desk"  # the moderators' chat
    GROUP = "group"  # a moderated group, replying to a message


@dataclass(frozen=True, slots=True)
class Command:
    handler: Callable[[Any], Awaitable[str]]
    place: Place
    in_menu: bool = True  # shown in the command menu (setMyCommands)


DESK, GROUP = Place.DESK, Place.GROUP

COMMANDS: dict[str, Command] = {
    "help": Command(h.help_, DESK),
    "start": Command(h.help_, DESK, in_menu=False),
    "check": Command(h.check, DESK),
    "words": Command(h.words, DESK),
    "addword": Command(h.addword, DESK),
    "delword": Command(h.delword, DESK),
    "allowword": Command(h.allowword, DESK),
    "ban": Command(h.ban, DESK),
    "unban": Command(h.unban, DESK),
    "banned": Command(h.banned, DESK),
    "trust": Command(h.trust, DESK),
    "untrust": Command(h.untrust, DESK),
    "faq": Command(s.faq, DESK),
    "threshold": Command(s.threshold, DESK),
    "night": Command(s.night, DESK),
    "mode": Command(s.mode, DESK),
    "stats": Command(h.stats, DESK),
}

GROUP_COMMANDS: dict[str, Command] = {
    "help": Command(g.help_, GROUP),
    "warn": Command(g.warn, GROUP),
    "mute": Command(g.mute, GROUP),
    "unmute": Command(g.unmute, GROUP),
    "ban": Command(g.ban, GROUP),
    "unban": Command(g.unban, GROUP),
    "warns": Command(g.warns, GROUP),
    "resetwarns": Command(g.resetwarns, GROUP),
}


def add(name: str, command: Command) -> None:
    """Register a command from another module (one call per command)."""
    table = COMMANDS if command.place is DESK else GROUP_COMMANDS
    table[name] = command


def _lines(lang: str, table: dict[str, Command]) -> list[str]:
    return [ui(lang, f"help.{name}") for name, c in table.items() if c.in_menu]


def help_text(lang: str, desk: bool) -> str:
    """What /help answers: every command with a line on what it does, in `lang`."""
    lines = [ui(lang, "help.title"), "", ui(lang, "help.group"), *_lines(lang, group_only())]
    if desk:
        lines += ["", ui(lang, "help.desk"), *_lines(lang, COMMANDS)]
    return "\n".join(lines)


def group_only() -> dict[str, Command]:
    return {name: c for name, c in GROUP_COMMANDS.items() if name != "help"}


def menu(lang: str, place: Place) -> list[tuple[str, str]]:
    """(command, description) pairs for the command menu of `place` in `lang`."""
    table = COMMANDS if place is DESK else GROUP_COMMANDS
    return [(name, ui(lang, f"menu.{name}")) for name, c in table.items() if c.in_menu]
