"""The decision policy: (comment, analysis, community settings, author history, now) → Decision.

Pure: no I/O except reading the (cached) template files, and `now` is an argument. Rules in
the order they apply:
1. community admins are never actioned; allowlisted/trusted authors are never auto-actioned;
2. a blacklisted author's new comment is hidden at once;
3. a failed analysis step sends the comment to review;
4. strong evidence (toxic with score ≥ hide threshold) hides it and counts a strike, which
   escalates warn → mute → ban; weaker evidence (toxic, or score ≥ review threshold) → review;
5. a clean question or complaint addressed to the community (intents per community) gets a
   reply draft for a moderator to approve.
Spam is hidden silently; a mute or a ban tells the author why, in their language.
At night, what would wait for review is hidden instead and every card waits for the
morning; a clean question may get the holding reply. In dry-run every action is recorded
with execute=False and no strike counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from classifiers.vocabulary import Analysis, Category, Intent
from moderation.comment import Comment
from moderation.decision import Action, ActionKind, Decision, Reason, ReasonCode, Verdict
from moderation.drafting import (
    ReplyKit,
    addressee_for,
    draft_reply,
    holding_reply,
    reply_language,
)
from moderation.explain import has_link
from moderation.i18n import UiStrings, duration
from moderation.night import is_night, morning
from moderation.settings import CommunitySettings
from moderation.strikes import StrikeStep, active_count, escalate


@dataclass(frozen=True, slots=True)
class AuthorHistory:
    """What the community already knows about the author."""

    strikes: tuple[datetime, ...] = ()  # times of earlier strikes; decay is applied here
    blacklisted: bool = False  # an *active* blacklist entry
    blacklist_reason: str = ""
    trusted: bool = False


def _evidence(analysis: Analysis) -> str:
    """The categories behind a verdict ("obscene", "insult,spam", or "model") for the record;
    cards word them from the stored analysis (`moderation.explain`)."""
    categories = sorted({str(m.category) for m in analysis.matches})
    return ",".join(categories) if categories else "model"


def _notice_lang(analysis: Analysis, settings: CommunitySettings) -> str:
    return str(reply_language(analysis.lang, settings.language))


# Where an advert sends people when it carries no link: "сілтеме профильде", "пиши в лс".
_ADVERT = re.compile(
    r"сілтеме\w*|ссылк\w*|\bв лс\b|в личк\w*|в директ\w*|жеке хат\w*|жеке хабарлама\w*|"
    r"тіркеліңіз|тіркеңіз|регистрируй\w*|бонус\w*|табыс\w*|заработ\w*",
    re.IGNORECASE,
)


def is_spam(comment: Comment, analysis: Analysis) -> bool:
    """A spam lexicon hit, the analysis's spam label, or an advert-like toxic verdict with a
    link and no abusive word (the model flags "Вы выиграли iPhone, ссылка bit.ly/…")."""
    if any(m.category is Category.SPAM for m in analysis.matches):
        return True
    if analysis.scores.get("spam", 0.0) >= 0.5:
        return True
    abusive = any(m.category is not Category.SPAM for m in analysis.matches)
    advert = bool(comment.links) or has_link(comment.text) or _ADVERT.search(comment.text)
    return analysis.toxic and not abusive and bool(advert)


def _notice(
    comment: Comment, analysis: Analysis, settings: CommunitySettings, kit: ReplyKit,
    key: str, **fields: object,
) -> Action:  # fmt: skip
    """A public notice to the author (warning, mute, ban) as a reply in the chat."""
    lang = _notice_lang(analysis, settings)
    author = addressee_for(comment, lang, kit.name_ok)
    ui = UiStrings(settings.templates_path)
    text = ui.text(lang, key, author=author, **fields)
    return Action(ActionKind.WARN, comment.key, comment.user, {"text": text, "lang": lang})


def _offence(
    comment: Comment,
    analysis: Analysis,
    settings: CommunitySettings,
    history: AuthorHistory,
    now: datetime,
    kit: ReplyKit,
) -> tuple[Verdict, list[Reason], list[Action]]:
    """Hide the comment and escalate the author's strikes. Spam is hidden silently: a
    public "please be respectful" under an advert only advertises it again."""
    key, user = comment.key, comment.user
    spam = is_spam(comment, analysis)
    code = ReasonCode.SPAM if spam else ReasonCode.TOXIC
    reasons = [Reason(code, _evidence(analysis))]
    actions = [Action(ActionKind.HIDE, key)]
    prior = active_count(history.strikes, settings.strikes, now)
    step = escalate(prior, settings.strikes, now)
    limit = step.limit
    # "3/3", never "4 of 3": past the ban threshold the count stays at the limit.
    shown = f"{min(step.count, limit)}/{limit}" if limit else str(step.count)
    reasons.append(Reason(ReasonCode.STRIKE, shown))
    verdict = Verdict.HIDE
    if step.step is StrikeStep.BAN:
        verdict = Verdict.BAN
        reasons.append(Reason(ReasonCode.ESCALATED_BAN, shown))
        actions.append(Action(ActionKind.BAN, key, user))
        if not spam:
            actions.append(_notice(comment, analysis, settings, kit, "notice.banned"))
    elif step.step is StrikeStep.MUTE and step.mute_until is not None:
        hours = settings.strikes.mute_hours
        reasons.append(Reason(ReasonCode.MUTE, str(hours)))
        params = {"until": step.mute_until.isoformat(), "hours": str(hours)}
        actions.append(Action(ActionKind.MUTE, key, user, params))
        if not spam:
            lang = _notice_lang(analysis, settings)
            notice = _notice(comment, analysis, settings, kit, "notice.muted",
                             duration=duration(lang, hours))  # fmt: skip
            actions.append(notice)
    elif step.step is StrikeStep.WARN and not spam:
        reasons.append(Reason(ReasonCode.WARN, "public"))
        actions.append(_notice(comment, analysis, settings, kit, "notice.warn"))
    return verdict, reasons, actions


def reply_kit(settings: CommunitySettings) -> ReplyKit:
    """Drafting's view of a community's settings (FAQ and the name check come later)."""
    return ReplyKit(
        templates_path=settings.templates_path,
        min_similarity=settings.faq_min_similarity,
        profile=settings.profile,
        community_lang=settings.language,
        drafted_intents=settings.drafted_intents,
    )


def decide(
    comment: Comment,
    analysis: Analysis,
    settings: CommunitySettings,
    history: AuthorHistory,
    now: datetime,
    kit: ReplyKit | None = None,
) -> Decision:
    """The verdict for one comment revision, with its reasons, actions and draft."""
    kit = kit or reply_kit(settings)
    key = comment.key
    night = is_night(settings.night, now)
    author_id = comment.author.id
    strong = analysis.toxic and analysis.score >= settings.hide_threshold
    suspect = analysis.toxic or analysis.score >= settings.review_threshold

    if comment.author.is_admin or author_id in settings.admins:
        return Decision(key, Verdict.ALLOW, (Reason(ReasonCode.ADMIN, author_id),), night=night)
    exempt = author_id in settings.allowlist or history.trusted

    reasons: list[Reason] = []
    actions: list[Action] = []
    draft = None
    strike = False
    if history.blacklisted and not exempt:
        verdict = Verdict.HIDE
        reasons.append(Reason(ReasonCode.BLACKLISTED, history.blacklist_reason))
        actions.append(Action(ActionKind.HIDE, key))
    elif analysis.errors:
        verdict = Verdict.REVIEW
        reasons.append(Reason(ReasonCode.ANALYSIS_ERROR, "; ".join(analysis.errors)))
    elif strong and not exempt:
        verdict, more_reasons, actions = _offence(comment, analysis, settings, history, now, kit)
        reasons.extend(more_reasons)
        strike = True
    elif suspect and not exempt:
        verdict = Verdict.REVIEW
        reasons.append(Reason(ReasonCode.SUSPECT, _evidence(analysis)))
    elif suspect:  # exempt author: note what the bot would have done, do nothing
        verdict = Verdict.ALLOW
        reasons.append(Reason(ReasonCode.ALLOWLISTED, f"not actioned: {_evidence(analysis)}"))
    else:
        draft = draft_reply(comment, analysis, kit)
        verdict = Verdict.REPLY if draft else Verdict.ALLOW
        if draft:
            reasons.append(Reason(ReasonCode.INTENT, f"{draft.intent} ({draft.source})"))
        else:
            reasons.append(Reason(ReasonCode.CLEAN))

    deliver_after = None
    if night and verdict is not Verdict.ALLOW:
        deliver_after = morning(settings.night, now)
        if verdict is Verdict.REVIEW and not exempt:
            verdict = Verdict.HIDE
            actions.append(Action(ActionKind.HIDE, key))
            reasons.append(Reason(ReasonCode.NIGHT, "hidden until the morning review"))
        elif verdict is Verdict.REPLY:
            reasons.append(Reason(ReasonCode.NIGHT, "the draft waits for the morning"))
            wants_answer = analysis.intent in (Intent.QUESTION, Intent.COMPLAINT)
            holding = holding_reply(comment, analysis, kit) if wants_answer else None
            if settings.night.holding_reply and holding is not None:
                params = {"text": holding.text, "lang": str(holding.lang)}
                actions.append(Action(ActionKind.HOLDING_REPLY, key, params=params))
        else:
            reasons.append(Reason(ReasonCode.NIGHT, "reported to the morning shift"))

    dry_run = settings.dry_run
    if dry_run:
        actions = [replace(action, execute=False) for action in actions]
        reasons.append(Reason(ReasonCode.DRY_RUN, "decided and reported, nothing done"))
    return Decision(
        comment=key,
        verdict=verdict,
        reasons=tuple(reasons),
        actions=tuple(actions),
        draft=draft,
        dry_run=dry_run,
        night=night,
        review=verdict is not Verdict.ALLOW,
        strike=strike and not dry_run,
        deliver_after=deliver_after,
    )
