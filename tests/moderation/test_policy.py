"""The decision policy as tables: who, what evidence, when → verdict, reasons, actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from classifiers.vocabulary import Category, Intent, Lang
from moderation.decision import ActionKind, DraftSource, ReasonCode, Verdict
from moderation.drafting import ReplyKit
from moderation.policy import AuthorHistory, decide
from moderation.settings import NightSettings
from tests.moderation.conftest import (
    CLEAN,
    SUSPECT,
    TOXIC,
    make_analysis,
    make_comment,
    match,
    settings,
)

DAY = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # 12:00 Almaty
NIGHT = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # 01:00 Almaty
NIGHT_ON = NightSettings(enabled=True, timezone="Asia/Almaty", start="23:00", end="08:00")
NIGHT_HOLDING = NightSettings(
    enabled=True, timezone="Asia/Almaty", start="23:00", end="08:00", holding_reply=True
)
QUESTION_RU = make_analysis(intent=Intent.QUESTION, lang=Lang.RU)
QUESTION_KK = make_analysis(intent=Intent.QUESTION, lang=Lang.KK)
BROKEN = make_analysis(errors=("model: ModelError: artifact missing",))
MILD_MODEL = make_analysis(score=0.55)  # not toxic, but above the review threshold
SPAM = make_analysis(
    toxic=True,
    score=0.95,
    matches=(match("казино", "казино тут", Category.SPAM, 2),),
)
NO_HISTORY = AuthorHistory()
ASKED = "Сәлеметсіз бе! Вы когда откроетесь?"  # addressed to the community
TWO_STRIKES = AuthorHistory(strikes=(DAY - timedelta(days=1), DAY - timedelta(days=3)))
OLD_STRIKES = AuthorHistory(strikes=(DAY - timedelta(days=40), DAY - timedelta(days=60)))
ONE_STRIKE = AuthorHistory(strikes=(DAY - timedelta(days=1),))


def kinds(decision: object) -> list[ActionKind]:
    return [a.kind for a in decision.actions]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "analysis", "changes", "history", "author", "now", "verdict", "actions", "codes"),
    [
        ("clean", CLEAN, {}, NO_HISTORY, "42", DAY, Verdict.ALLOW, [], {ReasonCode.CLEAN}),
        ("first offence warns", TOXIC, {}, NO_HISTORY, "42", DAY, Verdict.HIDE,
         [ActionKind.HIDE, ActionKind.WARN], {ReasonCode.TOXIC, ReasonCode.WARN}),
        ("second offence mutes", TOXIC, {}, ONE_STRIKE, "42", DAY, Verdict.HIDE,
         [ActionKind.HIDE, ActionKind.MUTE, ActionKind.WARN], {ReasonCode.MUTE}),
        ("third offence bans", TOXIC, {}, TWO_STRIKES, "42", DAY, Verdict.BAN,
         [ActionKind.HIDE, ActionKind.BAN, ActionKind.WARN], {ReasonCode.ESCALATED_BAN}),
        ("decayed strikes only warn", TOXIC, {}, OLD_STRIKES, "42", DAY, Verdict.HIDE,
         [ActionKind.HIDE, ActionKind.WARN], {ReasonCode.WARN}),
        ("spam is hidden silently", SPAM, {}, NO_HISTORY, "42", DAY, Verdict.HIDE,
         [ActionKind.HIDE], {ReasonCode.SPAM}),
        ("suspect goes to review", SUSPECT, {}, NO_HISTORY, "42", DAY, Verdict.REVIEW, [],
         {ReasonCode.SUSPECT}),
        ("model above review threshold", MILD_MODEL, {}, NO_HISTORY, "42", DAY, Verdict.REVIEW,
         [], {ReasonCode.SUSPECT}),
        ("stricter community hides it", SUSPECT, {"hide_threshold": 0.55}, NO_HISTORY, "42", DAY,
         Verdict.HIDE, [ActionKind.HIDE, ActionKind.WARN], {ReasonCode.TOXIC}),
        ("lenient community allows it", MILD_MODEL, {"review_threshold": 0.7}, NO_HISTORY, "42",
         DAY, Verdict.ALLOW, [], {ReasonCode.CLEAN}),
        ("failed step → review", BROKEN, {}, NO_HISTORY, "42", DAY, Verdict.REVIEW, [],
         {ReasonCode.ANALYSIS_ERROR}),
        ("blacklisted author hidden at once", CLEAN, {},
         AuthorHistory(blacklisted=True, blacklist_reason="spammer"), "42", DAY, Verdict.HIDE,
         [ActionKind.HIDE], {ReasonCode.BLACKLISTED}),
        ("allowlisted author never actioned", TOXIC, {"allowlist": frozenset({"42"})},
         TWO_STRIKES, "42", DAY, Verdict.ALLOW, [], {ReasonCode.ALLOWLISTED}),
        ("trusted author never actioned", SUSPECT, {}, AuthorHistory(trusted=True), "42", DAY,
         Verdict.ALLOW, [], {ReasonCode.ALLOWLISTED}),
        ("trusted beats blacklisted", CLEAN, {},
         AuthorHistory(trusted=True, blacklisted=True), "42", DAY, Verdict.ALLOW, [],
         {ReasonCode.CLEAN}),
        ("admin never actioned", TOXIC, {"admins": frozenset({"7"})}, TWO_STRIKES, "7", DAY,
         Verdict.ALLOW, [], {ReasonCode.ADMIN}),
        ("question gets a draft", QUESTION_RU, {}, NO_HISTORY, "42", DAY, Verdict.REPLY, [],
         {ReasonCode.INTENT}),
        # Night: review becomes hide, drafts wait, holding reply when configured.
        ("night hides what would wait", SUSPECT, {"night": NIGHT_ON}, NO_HISTORY, "42", NIGHT,
         Verdict.HIDE, [ActionKind.HIDE], {ReasonCode.SUSPECT, ReasonCode.NIGHT}),
        ("night hides a broken analysis", BROKEN, {"night": NIGHT_ON}, NO_HISTORY, "42", NIGHT,
         Verdict.HIDE, [ActionKind.HIDE], {ReasonCode.ANALYSIS_ERROR, ReasonCode.NIGHT}),
        ("night leaves clean alone", CLEAN, {"night": NIGHT_ON}, NO_HISTORY, "42", NIGHT,
         Verdict.ALLOW, [], {ReasonCode.CLEAN}),
        ("night draft waits, no holding", QUESTION_RU, {"night": NIGHT_ON}, NO_HISTORY, "42",
         NIGHT, Verdict.REPLY, [], {ReasonCode.INTENT, ReasonCode.NIGHT}),
        ("night holding reply", QUESTION_KK, {"night": NIGHT_HOLDING}, NO_HISTORY, "42", NIGHT,
         Verdict.REPLY, [ActionKind.HOLDING_REPLY], {ReasonCode.NIGHT}),
        ("night never hides an allowlisted author", BROKEN,
         {"night": NIGHT_ON, "allowlist": frozenset({"42"})}, NO_HISTORY, "42", NIGHT,
         Verdict.REVIEW, [], {ReasonCode.ANALYSIS_ERROR, ReasonCode.NIGHT}),
        ("day ignores night settings", SUSPECT, {"night": NIGHT_ON}, NO_HISTORY, "42", DAY,
         Verdict.REVIEW, [], {ReasonCode.SUSPECT}),
        # Dry-run decides the same, executes nothing.
        ("dry-run", TOXIC, {"dry_run": True}, TWO_STRIKES, "42", DAY, Verdict.BAN,
         [ActionKind.HIDE, ActionKind.BAN, ActionKind.WARN],
         {ReasonCode.DRY_RUN, ReasonCode.ESCALATED_BAN}),
    ],
)  # fmt: skip
def test_policy_table(
    name: str,
    analysis: object,
    changes: dict[str, object],
    history: AuthorHistory,
    author: str,
    now: datetime,
    verdict: Verdict,
    actions: list[ActionKind],
    codes: set[ReasonCode],
) -> None:
    comment = make_comment(ASKED, author_id=author)
    decision = decide(comment, analysis, settings(**changes), history, now)  # type: ignore[arg-type]
    assert decision.verdict is verdict, decision.explain()
    assert kinds(decision) == actions, decision.explain()
    assert codes <= set(decision.codes), decision.explain()
    assert decision.comment == comment.key
    assert decision.review is (verdict is not Verdict.ALLOW)


def test_admin_flag_from_the_platform_is_respected() -> None:
    comment = make_comment("текст", is_admin=True)
    decision = decide(comment, TOXIC, settings(), TWO_STRIKES, DAY)
    assert decision.verdict is Verdict.ALLOW
    assert decision.actions == ()


def test_dry_run_marks_every_action_not_to_execute_and_counts_no_strike() -> None:
    decision = decide(make_comment("x"), TOXIC, settings(dry_run=True), NO_HISTORY, DAY)
    assert decision.actions and all(not a.execute for a in decision.actions)
    assert decision.dry_run and not decision.strike
    live = decide(make_comment("x"), TOXIC, settings(), NO_HISTORY, DAY)
    assert live.strike and all(a.execute for a in live.actions)


def test_night_cards_wait_for_the_morning() -> None:
    decision = decide(make_comment("x"), SUSPECT, settings(night=NIGHT_ON), NO_HISTORY, NIGHT)
    assert decision.night
    assert decision.deliver_after == datetime(2026, 3, 11, 3, 0, tzinfo=UTC)  # 08:00 Almaty
    day = decide(make_comment("x"), SUSPECT, settings(night=NIGHT_ON), NO_HISTORY, DAY)
    assert day.deliver_after is None and not day.night


def test_holding_reply_is_in_the_comments_language() -> None:
    s = settings(night=NIGHT_HOLDING)
    kk = decide(make_comment("Сіздер қашан ашыласыздар?"), QUESTION_KK, s, NO_HISTORY, NIGHT)
    ru = decide(make_comment("Когда вы откроетесь?"), QUESTION_RU, s, NO_HISTORY, NIGHT)
    kk_text = kk.actions[0].params["text"]
    ru_text = ru.actions[0].params["text"]
    assert kk.actions[0].params["lang"] == "kk" and "таңертең" in kk_text.lower()
    assert ru.actions[0].params["lang"] == "ru" and "утром" in ru_text.lower()
    assert "Айгүл" in kk_text  # addressed to the author


def test_praise_at_night_gets_no_holding_reply() -> None:
    praise = make_analysis(intent=Intent.PRAISE)
    thanked = settings(night=NIGHT_HOLDING, drafted_intents=("question", "complaint", "praise"))
    decision = decide(make_comment("Рахмет!"), praise, thanked, NO_HISTORY, NIGHT)
    assert decision.verdict is Verdict.REPLY and decision.actions == ()


def test_praise_gets_no_draft_by_default() -> None:
    praise = make_analysis(intent=Intent.PRAISE)
    decision = decide(make_comment("Рахмет!"), praise, settings(), NO_HISTORY, DAY)
    assert decision.verdict is Verdict.ALLOW and decision.draft is None


def test_spam_is_hidden_without_a_public_word_even_when_it_mutes() -> None:
    decision = decide(make_comment("казино тут"), SPAM, settings(), ONE_STRIKE, DAY)
    assert kinds(decision) == [ActionKind.HIDE, ActionKind.MUTE]


def test_mute_and_ban_tell_the_author_in_their_language() -> None:
    kk = make_analysis(toxic=True, score=0.99, lang=Lang.KK)
    muted = decide(make_comment("x"), kk, settings(), ONE_STRIKE, DAY)
    notice = next(a for a in muted.actions if a.kind is ActionKind.WARN).params
    assert notice["lang"] == "kk" and "1 күн бойы жаза алмайсыз" in notice["text"]
    ru = make_analysis(toxic=True, score=0.99, lang=Lang.RU)
    banned = decide(make_comment("x"), ru, settings(), TWO_STRIKES, DAY)
    notice = next(a for a in banned.actions if a.kind is ActionKind.WARN).params
    assert notice["lang"] == "ru" and "заблокированы" in notice["text"]


def test_the_strike_count_never_passes_the_limit() -> None:
    many = AuthorHistory(strikes=tuple(DAY - timedelta(hours=h) for h in range(1, 6)))
    decision = decide(make_comment("x"), TOXIC, settings(), many, DAY)
    details = {str(r.code): r.detail for r in decision.reasons}
    assert details["strike"] == "3/3" and details["escalated_ban"] == "3/3"


def test_warning_is_addressed_and_quotes_nothing() -> None:
    text = "ты сука"
    analysis = make_analysis(toxic=True, score=0.99, matches=(match("сука", text),))
    decision = decide(make_comment(text), analysis, settings(), NO_HISTORY, DAY)
    warning = next(a for a in decision.actions if a.kind is ActionKind.WARN)
    assert "Айгүл" in warning.params["text"] and "сука" not in warning.params["text"]


def test_abusive_author_name_is_not_repeated_in_drafts() -> None:
    comment = make_comment("Подскажите, как у вас заказать?", name="Мудак")
    kit = ReplyKit(name_ok=False)
    decision = decide(comment, QUESTION_RU, settings(), NO_HISTORY, DAY, kit)
    assert decision.draft is not None
    assert "Мудак" not in decision.draft.text
    assert decision.draft.source is DraftSource.TEMPLATE


def test_idempotency_keys_are_stable_and_distinct() -> None:
    comment = make_comment("x")
    first = decide(comment, TOXIC, settings(), NO_HISTORY, DAY)
    again = decide(comment, TOXIC, settings(), NO_HISTORY, DAY + timedelta(minutes=5))
    assert [a.idempotency_key for a in first.actions] == [a.idempotency_key for a in again.actions]
    assert len({a.idempotency_key for a in first.actions}) == len(first.actions)
    edited = decide(make_comment("x", revision=1), TOXIC, settings(), NO_HISTORY, DAY)
    assert first.actions[0].idempotency_key != edited.actions[0].idempotency_key
