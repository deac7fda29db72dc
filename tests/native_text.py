"""The check that Kazakh and Russian UI text carries no English: Latin words are allowed only
where they are not words — URLs, /commands and their literal arguments, @handles, #ids, and
names the test itself supplied (users, chats)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# Literal command syntax a moderator types ("/mode live", "/threshold hide 0.9", "/addword
# слово insult", "/mute 2h" examples).
COMMAND_WORDS = frozenset(
    ["live", "dry", "hide", "review", "add", "del", "list", "off",
     "obscene", "insult", "threat", "slur", "spam", "rollback"]
)  # fmt: skip
_NOT_WORDS = re.compile(
    r"https?://\S+|\bt\.me/\S+|vk\.com/\S+|</?\w+[^>]*>|/\w+(?:@\w+)?|@\w+|#\w+|\b\d+\w*",
    re.UNICODE,
)
_LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z'-]*\b")


def latin_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Latin words in `text` outside URLs, commands, handles, ids and `allowed` names."""
    plain = _NOT_WORDS.sub(" ", html.unescape(text))
    for name in sorted(allowed, key=len, reverse=True):
        plain = plain.replace(name, " ")
    return [w for w in _LATIN_WORD.findall(plain) if w.lower() not in COMMAND_WORDS]
