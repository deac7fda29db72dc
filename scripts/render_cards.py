"""Render moderators' cards to PNG, as a phone would show them, for a visual review.

    .venv/bin/python scripts/render_cards.py [OUT_DIR]

Runs `kuzet moderate` on the bundled samples with `bot/samples/config.toml` (kk news, ru
shop, ru VK brand), then draws a chosen set of cards — hidden, held, draft and the rolling
"hidden recently" page, in Kazakh and Russian, plus a handled card — with Pillow. The text
and buttons are exactly what the preview notifier recorded; only the drawing is
approximate (bold, italics, quotes and links are styled, emoji are drawn if the font has
them). Needs Pillow (the `dev` extra).
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.cli.table_io import read_rows
from bot.offline.configured import configured_options
from bot.offline.moderate_run import ModerateOptions, moderate
from bot.offline.preview import PreviewMessage
from bot.telegram.cards import Place, render
from moderation.comment import Author, Comment, Platform
from moderation.decision import Reason, ReasonCode, Verdict
from moderation.records import Card, CardKind, CardState

ROOT = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
ITALIC = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"
WIDTH, PAD, SIZE = 720, 24, 22
BG, BUBBLE, TEXT, LINK, QUOTE, BUTTON = (
    "#0e1621", "#182533", "#e9eef3", "#6ab2f2", "#2b5278", "#2b3b4d",
)  # fmt: skip


def _font(path: str, size: int = SIZE) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _runs(line: str) -> list[tuple[str, str]]:
    """(style, text) pieces of one HTML line: b, i, a, s or plain."""
    out: list[tuple[str, str]] = []
    style = "plain"
    for piece in re.split(r"(<[^>]+>)", line):
        if not piece:
            continue
        if piece.startswith("<"):
            tag = piece.strip("</>").split()[0]
            closing = piece.startswith("</")
            style = "plain" if closing else {"b": "b", "i": "i", "a": "a", "s": "s"}.get(tag, style)
            continue
        out.append((style, html.unescape(piece)))
    return out


def _wrap(draw: ImageDraw.ImageDraw, runs: list[tuple[str, str]], width: int) -> list[list]:
    fonts = {"b": _font(BOLD), "i": _font(ITALIC), "a": _font(FONT), "s": _font(FONT),
             "plain": _font(FONT)}  # fmt: skip
    lines: list[list] = [[]]
    x = 0
    for style, text in runs:
        for word in re.split(r"(\s+)", text):
            if not word:
                continue
            w = draw.textlength(word, font=fonts[style])
            if x + w > width and word.strip() and lines[-1]:
                lines.append([])
                x = 0
                if not word.strip():
                    continue
            lines[-1].append((style, word, fonts[style]))
            x += w
    return lines


def draw_message(message: PreviewMessage, title: str, out: Path) -> Path:
    probe = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    inner = WIDTH - 4 * PAD
    blocks: list[tuple[bool, list[list]]] = []
    quote = False
    for raw in message.html.split("\n"):
        if raw.startswith("<blockquote>"):
            quote = True
        text = raw.replace("<blockquote>", "").replace("</blockquote>", "")
        blocks.append((quote, _wrap(probe, _runs(text), inner - (24 if quote else 0))))
        if raw.endswith("</blockquote>"):
            quote = False
    line_h = SIZE + 10
    text_h = sum(max(1, len(lines)) for _, lines in blocks) * line_h
    button_rows = len(message.buttons)
    height = 2 * PAD + 40 + text_h + PAD + button_rows * 56 + PAD
    image = Image.new("RGB", (WIDTH, height), BG)
    draw = ImageDraw.Draw(image)
    draw.text((PAD, PAD // 2), title, font=_font(FONT, 16), fill="#7f91a4")
    top = PAD + 24
    draw.rounded_rectangle((PAD, top, WIDTH - PAD, top + text_h + PAD), 18, fill=BUBBLE)
    y = top + PAD // 2
    for is_quote, lines in blocks:
        start = y
        for words in lines or [[]]:
            x = 2 * PAD + (24 if is_quote else 0)
            for style, word, font in words:
                color = LINK if style == "a" else TEXT
                draw.text((x, y), word, font=font, fill=color)
                w = draw.textlength(word, font=font)
                if style == "s":
                    draw.line((x, y + SIZE // 2 + 2, x + w, y + SIZE // 2 + 2), fill=TEXT)
                x += w
            y += line_h
        if is_quote:
            draw.rectangle((2 * PAD + 4, start, 2 * PAD + 8, y - 6), fill=QUOTE)
    y = top + text_h + PAD + 8
    for row in message.buttons:
        cell = (WIDTH - 2 * PAD - 8 * (len(row) - 1)) / len(row)
        for index, label in enumerate(row):
            x0 = PAD + index * (cell + 8)
            draw.rounded_rectangle((x0, y, x0 + cell, y + 48), 12, fill=BUTTON)
            w = draw.textlength(label, font=_font(FONT))
            draw.text((x0 + (cell - w) / 2, y + 12), label, font=_font(FONT), fill=TEXT)
        y += 56
    path = out / f"{title}.png"
    image.save(path)
    return path


def _pick(messages: list[PreviewMessage], *needles: str) -> PreviewMessage:
    for message in messages:
        if all(n in message.html for n in needles):
            return message
    raise LookupError(needles)


async def _run() -> list[PreviewMessage]:
    rows = list(read_rows(ROOT / "bot" / "samples" / "comments.csv"))
    with tempfile.TemporaryDirectory() as scratch:
        options = ModerateOptions(database_url=f"sqlite+aiosqlite:///{scratch}/k.sqlite3")
        options = await configured_options(ROOT / "bot" / "samples" / "config.toml", options)
        result = await moderate(rows, options)
    return result.messages


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kuzet-cards")
    out.mkdir(parents=True, exist_ok=True)
    messages = asyncio.run(_run())
    chosen = {
        "kk-hidden": _pick(messages, "Пікір жасырылды", "Қорлау"),
        "ru-hidden": _pick(messages, "Комментарий скрыт"),
        "ru-held": _pick(messages, "Нужна проверка"),
        "kk-draft": _pick(messages, "Жауап күтіп тұр", "сәлеметсіз"),
        "ru-draft": _pick(messages, "Ждёт ответа", "Шымкента"),
        "kk-banned": _pick(messages, "автоматты түрде бұғатталды"),
        "rolling": next(m for m in messages if m.rolling),
    }
    for title, message in chosen.items():
        print(draw_message(message, title, out))
    print(draw_message(_handled(messages), "ru-handled", out))
    return 0


def _handled(messages: list[PreviewMessage]) -> PreviewMessage:
    """A Russian hidden card after a moderator restored it (rendered by the real code)."""
    del messages
    at = datetime(2026, 12, 7, 9, 5, tzinfo=UTC)
    comment = Comment(platform=Platform.TELEGRAM, community_id="shop-tg", chat_id="-100333",
                      comment_id="77", author=Author("42", "Руслан", username="ruslan_krg"),
                      text="Автор статьи идиот, ничего не понимает в экономике",
                      created_at=at, metadata={"link": "https://t.me/c/333/77"})  # fmt: skip
    card = Card(id=9, community_id="shop-tg", kind=CardKind.MODERATION,
                state=CardState.RESTORED, comment=comment, verdict=Verdict.HIDE,
                reasons=(Reason(ReasonCode.TOXIC, "insult"), Reason(ReasonCode.STRIKE, "1/3")),
                created_at=at, handled_by="Айгерім (@aigerim_mod)", handled_at=at,
                ui_lang="ru")  # fmt: skip
    analysis = {"matches": [{"category": "insult", "start": 13, "end": 18}]}
    text = render(card, analysis, Place("Дүкен", "Asia/Almaty"))
    return PreviewMessage("handled", "-1", text, [], False, [card.id])


if __name__ == "__main__":
    raise SystemExit(main())
