"""JSON-safe dicts for the domain values storage keeps in JSON columns (and reports print).

Round-trips exactly: `x_from_dict(x_to_dict(v)) == v`. Datetimes are ISO-8601 strings
with their UTC offset; enums are their string values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from classifiers.vocabulary import Intent, Lang
from moderation.comment import Author, Comment, CommentKey, Platform, UserRef
from moderation.decision import (
    Action,
    ActionKind,
    Decision,
    Draft,
    DraftSource,
    Reason,
    ReasonCode,
    Verdict,
)
from moderation.settings import (
    DEFAULT_DRAFTED,
    CommunitySettings,
    NightSettings,
    StrikeSettings,
)

Json = dict[str, Any]


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def comment_to_dict(comment: Comment) -> Json:
    a = comment.author
    return {
        "platform": str(comment.platform),
        "community_id": comment.community_id,
        "chat_id": comment.chat_id,
        "post_id": comment.post_id,
        "comment_id": comment.comment_id,
        "revision": comment.revision,
        "author": {
            "id": a.id,
            "name": a.name,
            "is_channel": a.is_channel,
            "is_admin": a.is_admin,
            "username": a.username,
        },
        "text": comment.text,
        "created_at": _dt(comment.created_at),
        "reply_to": comment.reply_to,
        "links": list(comment.links),
        "forwarded": comment.forwarded,
        "metadata": dict(comment.metadata),
    }


def comment_from_dict(data: Json) -> Comment:
    created = _parse_dt(data.get("created_at"))
    if created is None:
        raise ValueError("comment: created_at is required")
    return Comment(
        platform=Platform(data["platform"]),
        community_id=data["community_id"],
        chat_id=data["chat_id"],
        post_id=data.get("post_id"),
        comment_id=data["comment_id"],
        revision=int(data.get("revision", 0)),
        author=Author(**data["author"]),
        text=data["text"],
        created_at=created,
        reply_to=data.get("reply_to"),
        links=tuple(data.get("links", ())),
        forwarded=bool(data.get("forwarded", False)),
        metadata=dict(data.get("metadata", {})),
    )


def key_to_str(key: CommentKey) -> str:
    return str(key)


def user_to_dict(user: UserRef) -> Json:
    return {
        "platform": str(user.platform),
        "community_id": user.community_id,
        "user_id": user.user_id,
        "chat_id": user.chat_id,
        "is_channel": user.is_channel,
    }


def user_from_dict(data: Json) -> UserRef:
    return UserRef(
        Platform(data["platform"]),
        data["community_id"],
        data["user_id"],
        chat_id=data.get("chat_id"),
        is_channel=bool(data.get("is_channel", False)),
    )


def action_to_dict(action: Action) -> Json:
    return {
        "kind": str(action.kind),
        "comment": str(action.comment),
        "user": user_to_dict(action.user) if action.user else None,
        "params": dict(action.params),
        "origin": action.origin,
        "execute": action.execute,
    }


def action_from_dict(data: Json) -> Action:
    return Action(
        kind=ActionKind(data["kind"]),
        comment=CommentKey.parse(data["comment"]),
        user=user_from_dict(data["user"]) if data.get("user") else None,
        params=dict(data.get("params", {})),
        origin=data.get("origin", "auto"),
        execute=bool(data.get("execute", True)),
    )


def draft_to_dict(draft: Draft) -> Json:
    return {
        "text": draft.text,
        "lang": str(draft.lang),
        "intent": str(draft.intent),
        "source": str(draft.source),
        "faq_id": draft.faq_id,
        "similarity": draft.similarity,
    }


def draft_from_dict(data: Json) -> Draft:
    return Draft(
        text=data["text"],
        lang=Lang(data["lang"]),
        intent=Intent(data["intent"]),
        source=DraftSource(data["source"]),
        faq_id=data.get("faq_id"),
        similarity=data.get("similarity"),
    )


def reasons_to_list(reasons: tuple[Reason, ...]) -> list[Json]:
    return [{"code": str(r.code), "detail": r.detail} for r in reasons]


def reasons_from_list(data: list[Json]) -> tuple[Reason, ...]:
    return tuple(Reason(ReasonCode(item["code"]), item.get("detail", "")) for item in data)


def decision_to_dict(decision: Decision) -> Json:
    return {
        "comment": str(decision.comment),
        "verdict": str(decision.verdict),
        "reasons": reasons_to_list(decision.reasons),
        "actions": [action_to_dict(a) for a in decision.actions],
        "draft": draft_to_dict(decision.draft) if decision.draft else None,
        "dry_run": decision.dry_run,
        "night": decision.night,
        "review": decision.review,
        "strike": decision.strike,
        "deliver_after": _dt(decision.deliver_after),
    }


def decision_from_dict(data: Json) -> Decision:
    return Decision(
        comment=CommentKey.parse(data["comment"]),
        verdict=Verdict(data["verdict"]),
        reasons=reasons_from_list(data.get("reasons", [])),
        actions=tuple(action_from_dict(a) for a in data.get("actions", [])),
        draft=draft_from_dict(data["draft"]) if data.get("draft") else None,
        dry_run=bool(data.get("dry_run", False)),
        night=bool(data.get("night", False)),
        review=bool(data.get("review", False)),
        strike=bool(data.get("strike", False)),
        deliver_after=_parse_dt(data.get("deliver_after")),
    )


def settings_to_dict(settings: CommunitySettings) -> Json:
    n, s = settings.night, settings.strikes
    return {
        "community_id": settings.community_id,
        "platform": str(settings.platform),
        "name": settings.name,
        "language": settings.language,
        "dry_run": settings.dry_run,
        "hide_threshold": settings.hide_threshold,
        "review_threshold": settings.review_threshold,
        "moderators_chat_id": settings.moderators_chat_id,
        "allowlist": sorted(settings.allowlist),
        "admins": sorted(settings.admins),
        "night": {
            "enabled": n.enabled,
            "timezone": n.timezone,
            "start": n.start,
            "end": n.end,
            "holding_reply": n.holding_reply,
        },
        "strikes": {
            "warn_after": s.warn_after,
            "mute_after": s.mute_after,
            "mute_hours": s.mute_hours,
            "ban_after": s.ban_after,
            "decay_days": s.decay_days,
        },
        "templates_path": settings.templates_path,
        "faq_min_similarity": settings.faq_min_similarity,
        "profile": settings.profile,
        "drafted_intents": list(settings.drafted_intents),
        "timezone": settings.timezone,
    }


def settings_from_dict(data: Json) -> CommunitySettings:
    return CommunitySettings(
        community_id=data["community_id"],
        platform=Platform(data.get("platform", "telegram")),
        name=data.get("name", ""),
        language=data.get("language", "ru"),
        dry_run=bool(data.get("dry_run", False)),
        hide_threshold=float(data.get("hide_threshold", 0.8)),
        review_threshold=float(data.get("review_threshold", 0.5)),
        moderators_chat_id=data.get("moderators_chat_id"),
        allowlist=frozenset(data.get("allowlist", ())),
        admins=frozenset(data.get("admins", ())),
        night=NightSettings(**data.get("night", {})),
        strikes=StrikeSettings(**data.get("strikes", {})),
        templates_path=data.get("templates_path", ""),
        faq_min_similarity=float(data.get("faq_min_similarity", 0.5)),
        profile=data.get("profile", "news"),
        drafted_intents=tuple(data.get("drafted_intents", DEFAULT_DRAFTED)),
        # Older documents had only the night window's zone.
        timezone=data.get("timezone") or data.get("night", {}).get("timezone", "Asia/Almaty"),
    )
