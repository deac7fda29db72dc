"""`kuzet moderate --config … --cards`: the community's real settings, and every card as
the moderators' chat would show it — few cards, each asking for a decision, no English in
Kazakh or Russian ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.native_text import latin_words

SAMPLES = Path(__file__).parents[3] / "bot" / "samples"
CONFIG = """
[database]
url = "sqlite+aiosqlite:///{db}"

[[communities]]
id = "news-kz"
name = "Жаңалықтар"
platform = "telegram"
chats = [-1002222222222]
moderators_chat = -1004444444444
language = "kk"
profile = "news"

[[communities]]
id = "shop-tg"
name = "Дүкен"
platform = "telegram"
chats = [-1003333333333]
moderators_chat = -1004444444444
language = "ru"
profile = "shop"
timezone = "Asia/Aqtobe"

[[communities]]
id = "service-vk"
name = "Сервис"
platform = "vk"
moderators_chat = -1004444444444
language = "ru"
profile = "brand"

[communities.vk]
group_id = 229000001
"""


def _authors() -> set[str]:
    text = (SAMPLES / "comments.csv").read_text(encoding="utf-8")
    return {line.rsplit(",", 3)[-3] for line in text.splitlines()[1:]}


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, object]]]:
    tmp = tmp_path_factory.mktemp("preview")
    config = tmp / "config.toml"
    config.write_text(CONFIG.format(db=tmp / "absent.sqlite3"), encoding="utf-8")
    report = tmp / "report.jsonl"
    capture = tmp / "out.txt"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["moderate", str(SAMPLES / "comments.csv"), "--config", str(config),
                     "--cards", "--report", str(report)])  # fmt: skip
    assert code == 0
    capture.write_text(buffer.getvalue(), encoding="utf-8")
    assert not (tmp / "absent.sqlite3").exists()  # the preview never creates the database
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    return buffer.getvalue(), rows


def test_few_cards_and_each_asks_for_a_decision(preview: tuple[str, list]) -> None:
    out, _ = preview
    found = re.search(r"moderator cards (\d+) \((\d+) asking for a decision\)", out)
    assert found is not None
    cards, asking = int(found.group(1)), int(found.group(2))
    assert cards <= 40 and asking == cards


def test_drafts_follow_profile_and_language(preview: tuple[str, list]) -> None:
    _, rows = preview
    drafts = {r["text"]: r["draft"] for r in rows if r.get("draft")}
    # News and public questions never ask for an order number; only the shop does.
    for row in rows:
        draft = row.get("draft")
        if draft and str(row["chat"]) != "-1003333333333":
            assert "заказ" not in draft["text"] and "тапсырыс" not in draft["text"]
    # A code-switched question in the Russian shop is answered in Russian.
    mixed = drafts["Итальян пиццасы бар ма сіздерде? В меню не нашёл"]
    assert mixed["lang"] == "ru"
    # Users chatting, praise and the crowd get no draft.
    for text in ("Не психуйте, напишите им в директ, они быстро отвечают",
                 "Кто знает, ЦОН в субботу работает?", "Керемет сервис, рахмет!",
                 "Мандат депутата отобрали? Давно пора"):  # fmt: skip
        assert text not in drafts, text
    complaint = next(r for r in rows if r["text"] == "Рахмет, но доставка өте баяу")
    assert "оценк" not in str(complaint.get("draft")) and "бағала" not in str(
        complaint.get("draft")
    )


def test_cards_are_rendered_with_buttons_and_read_natively(preview: tuple[str, list]) -> None:
    out, rows = preview
    carded = [r for r in rows if r.get("card")]
    assert carded and all(r["card"]["buttons"] for r in carded if not r["card"]["rolling"])
    rolled = [r for r in carded if r["card"]["rolling"]]
    assert rolled and len({r["card"]["message"] for r in rolled}) <= 2
    spam = next(r for r in rows if r["text"].startswith("Накрутка подписчиков"))
    assert spam["card"]["rolling"] and "warn" not in [a["kind"] for a in spam["actions"]]
    names = _authors() | {"Жаңалықтар", "Дүкен", "Сервис"}
    quoted = re.compile(r"«[^»]*»")  # what people wrote is quoted; it may be in any script
    for row in carded:
        text = quoted.sub("", row["card"]["text"].replace(row["text"], ""))
        assert latin_words(text, names) == [], text
    assert "Себебі: Қорлау: «идиот» · Ескерту 1/3" in out
