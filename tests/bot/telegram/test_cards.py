"""Card rendering: language, buttons per state, who acted, splitting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.telegram.cards import CardButton, Place, keyboard, render, split
from classifiers.vocabulary import Intent
from moderation.comment import Author, Comment, Platform
from moderation.decision import Draft, DraftSource, Reason, ReasonCode, Verdict
from moderation.records import Card, CardKind, CardState

NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
COMMENT = Comment(platform=Platform.TELEGRAM, community_id="shop", chat_id="-100123",
                  comment_id="7", author=Author("42", "Айгүл"), text="сен ақымақсың",
                  created_at=NOW, metadata={"link": "https://t.me/c/123/7"})  # fmt: skip
HIDDEN = Card(id=5, community_id="shop", kind=CardKind.MODERATION, state=CardState.HIDDEN,
              comment=COMMENT, verdict=Verdict.HIDE,
              reasons=(Reason(ReasonCode.TOXIC, "lexicon: ақымақ"),), created_at=NOW,
              chat_id="-100999", message_id="11", ui_lang="kk", score=0.93)  # fmt: skip
ANALYSIS = {"lang": "kk", "matches": [{"term": "ақымақ", "category": "insult"}]}


def _actions(card: Card) -> list[str]:
    markup = keyboard(card)
    assert markup is not None
    return [CardButton.unpack(b.callback_data or "").act
            for row in markup.inline_keyboard for b in row]  # fmt: skip


def test_hidden_card_in_kazakh() -> None:
    text = render(HIDDEN, ANALYSIS)
    assert "Пікір жасырылды" in text and "Айгүл" in text and "https://t.me/c/123/7" in text
    assert "Себебі: Қорлау: «ақымақ»" in text
    assert "28.11 14:30" in text  # 09:30 UTC is 14:30 in Almaty
    assert "lexicon" not in text and "0.93" not in text  # no debug strings
    assert _actions(HIDDEN) == ["restore", "ban"]


def test_buttons_per_state_and_versioned_prefix() -> None:
    held = replace(HIDDEN, state=CardState.HELD, ui_lang="ru")
    assert _actions(held) == ["hide", "allow", "ban"]
    draft = replace(
        HIDDEN,
        kind=CardKind.DRAFT,
        state=CardState.PENDING,
        verdict=Verdict.REPLY,
        draft=Draft("Рахмет!", "kk", Intent.PRAISE, DraftSource.TEMPLATE),
    )
    assert _actions(draft) == ["send", "edit", "reject"]
    markup = keyboard(draft)
    assert markup is not None
    assert (markup.inline_keyboard[0][0].callback_data or "").startswith("k1:5:")


def test_handled_card_names_the_moderator_and_has_no_buttons() -> None:
    done = replace(
        HIDDEN, state=CardState.RESTORED, handled_by="Mira (@mira)", handled_at=NOW, ui_lang="ru"
    )
    text = render(done, ANALYSIS)
    assert text.startswith("↩️ Восстановлено: Mira (@mira), 28.11 14:30")
    moscow = render(done, ANALYSIS, Place("Магазин", "Europe/Moscow"))
    assert "28.11 12:30" in moscow and "Где: Магазин" in moscow
    assert keyboard(done) is None


def test_long_text_is_split_under_the_limit() -> None:
    long = replace(HIDDEN, comment=replace(COMMENT, text="сөз " * 3000))
    chunks = split(render(long))
    assert len(chunks) > 1 and all(len(c) <= 4096 for c in chunks)
