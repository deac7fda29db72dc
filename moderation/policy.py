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
from moderation.drafting import Notice, ReplyKit, compose
from moderation.explain import has_link
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


def reply_kit(settings: CommunitySettings) -> ReplyKit:
    """Drafting's view of a community's settings (FAQ and the name check come later)."""
    return ReplyKit(
        templates_path=settings.templates_path,
        min_similarity=settings.faq_min_similarity,
        profile=settings.profile,
        community_lang=settings.language,
        drafted_intents=settings.drafted_intents,
    )


_NOTICES = {
    StrikeStep.WARN: "notice.warn",
    StrikeStep.MUTE: "notice.muted",
    StrikeStep.BAN: "notice.banned",
}


def decide(
    comment: Comment,
    analysis: Analysis,
    settings: CommunitySettings,
    history: AuthorHistory,
    now: datetime,
    kit: ReplyKit | None = None,
) -> Decision:
    """The verdict for one comment revision, with its reasons, actions and draft.

    In one pass: which rule applies; then the clock (night), the author's strikes, the
    words for the author, and a notice's text, each asked once; then the decision."""
    kit = kit or reply_kit(settings)
    key, user = comment.key, comment.user
    author_id = comment.author.id
    strong = analysis.toxic and analysis.score >= settings.hide_threshold
    suspect = analysis.toxic or analysis.score >= settings.review_threshold
    admin = comment.author.is_admin or author_id in settings.admins
    exempt = author_id in settings.allowlist or history.trusted
    blacklisted = history.blacklisted and not exempt
    offence = not admin and not blacklisted and not analysis.errors and strong and not exempt
    clean = not (admin or blacklisted or analysis.errors or suspect)
    evidence = _evidence(analysis) if suspect else ""  # strong evidence is suspect too
    # Spam is hidden silently: a public "please be respectful" under an advert only
    # advertises it again.
    spam = offence and is_spam(comment, analysis)

    night = is_night(settings.night, now)
    deliver_after = morning(settings.night, now) if night else None
    step = None
    if offence:
        step = escalate(active_count(history.strikes, settings.strikes, now), settings.strikes, now)
    hours = settings.strikes.mute_hours
    notice = None
    if step is not None and not spam and step.step in _NOTICES:
        muted = step.step is StrikeStep.MUTE
        if not muted or step.mute_until is not None:  # no mute without its end, no notice
            where = (settings.language, settings.templates_path, hours if muted else None)
            notice = Notice(_NOTICES[step.step], *where)
    holding = settings.night.holding_reply and analysis.intent in (
        Intent.QUESTION,
        Intent.COMPLAINT,
    )
    wording = compose(comment, analysis, kit, notice, draft=clean, holding=night and holding)

    if admin:
        return Decision(key, Verdict.ALLOW, (Reason(ReasonCode.ADMIN, author_id),), night=night)
    reasons: list[Reason] = []
    actions: list[Action] = []
    draft = None
    if blacklisted:
        verdict = Verdict.HIDE
        reasons.append(Reason(ReasonCode.BLACKLISTED, history.blacklist_reason))
        actions.append(Action(ActionKind.HIDE, key))
    elif analysis.errors:
        verdict = Verdict.REVIEW
        reasons.append(Reason(ReasonCode.ANALYSIS_ERROR, "; ".join(analysis.errors)))
    elif step is not None:
        verdict = Verdict.HIDE
        reasons.append(Reason(ReasonCode.SPAM if spam else ReasonCode.TOXIC, evidence))
        actions.append(Action(ActionKind.HIDE, key))
        limit = step.limit
        # "3/3", never "4 of 3": past the ban threshold the count stays at the limit.
        shown = f"{min(step.count, limit)}/{limit}" if limit else str(step.count)
        reasons.append(Reason(ReasonCode.STRIKE, shown))
        if step.step is StrikeStep.BAN:
            verdict = Verdict.BAN
            reasons.append(Reason(ReasonCode.ESCALATED_BAN, shown))
            actions.append(Action(ActionKind.BAN, key, user))
        elif step.step is StrikeStep.MUTE and step.mute_until is not None:
            reasons.append(Reason(ReasonCode.MUTE, str(hours)))
            params = {"until": step.mute_until.isoformat(), "hours": str(hours)}
            actions.append(Action(ActionKind.MUTE, key, user, params))
        elif step.step is StrikeStep.WARN and not spam:
            reasons.append(Reason(ReasonCode.WARN, "public"))
        if notice is not None:  # a public notice to the author, as a reply in the chat
            params = {"text": wording.notice, "lang": wording.notice_lang}
            actions.append(Action(ActionKind.WARN, key, user, params))
    elif suspect and not exempt:
        verdict = Verdict.REVIEW
        reasons.append(Reason(ReasonCode.SUSPECT, evidence))
    elif suspect:  # exempt author: note what the bot would have done, do nothing
        verdict = Verdict.ALLOW
        reasons.append(Reason(ReasonCode.ALLOWLISTED, f"not actioned: {evidence}"))
    else:
        draft = wording.draft
        verdict = Verdict.REPLY if draft else Verdict.ALLOW
        if draft:
            reasons.append(Reason(ReasonCode.INTENT, f"{draft.intent} ({draft.source})"))
        else:
            reasons.append(Reason(ReasonCode.CLEAN))

    if not night or verdict is Verdict.ALLOW:
        deliver_after = None
    elif verdict is Verdict.REVIEW and not exempt:
        verdict = Verdict.HIDE
        actions.append(Action(ActionKind.HIDE, key))
        reasons.append(Reason(ReasonCode.NIGHT, "hidden until the morning review"))
    elif verdict is Verdict.REPLY:
        reasons.append(Reason(ReasonCode.NIGHT, "the draft waits for the morning"))
        if wording.holding is not None:
            holding_params = {"text": wording.holding.text, "lang": str(wording.holding.lang)}
            actions.append(Action(ActionKind.HOLDING_REPLY, key, params=holding_params))
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
        strike=offence and not dry_run,
        deliver_after=deliver_after,
    )
