"""`/model`: the active detection model, its figures and sources; `/model rollback`.

Rollback switches to the previous version kept in the model store (`kuzet learn` adds
versions) and reloads it at once; the version is verified before it is used, and a
damaged one is refused with the reason.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.model_versions import VersionedAnalyzer
from bot.telegram.commands.handlers import Context
from bot.telegram.commands.registry import DESK, Command, add
from bot.telegram.texts import ui
from classifiers.errors import ModelError
from classifiers.model.store import ModelStore
from moderation.records import AuditEntry


def _text(lang: str, key: str, **fields: object) -> str:
    return ui(lang, f"model.{key}", **fields)


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * float(value):.1f}%"


def describe(lang: str, version: str, meta: dict[str, Any], previous: int | None) -> str:
    """The /model answer: version, hold-out figures, sources with licenses."""
    lines = [_text(lang, "title", version=version)]
    overall = meta.get("toxicity", {}).get("metrics", {}).get("overall", {})
    if overall:
        lines.append(
            _text(
                lang,
                "figures",
                precision=_pct(overall.get("precision")),
                recall=_pct(overall.get("recall")),
                f1=_pct(overall.get("f1")),
                fp=_pct(overall.get("fp_rate")),
            )
        )
    accuracy = meta.get("intent", {}).get("metrics", {}).get("accuracy")
    if accuracy is not None:
        lines.append(_text(lang, "intent", accuracy=_pct(accuracy)))
    sources = meta.get("sources") or []
    if sources:
        lines.append(_text(lang, "sources"))
        lines += [f"• {s.get('name')} — {s.get('license')}" for s in sources]
    learned = meta.get("learned")
    if learned:
        lines.append(
            _text(lang, "learned", count=learned.get("verdicts"), source=learned.get("from"))
        )
    if previous is not None:
        lines.append(_text(lang, "previous", count=previous))
    return "\n".join(lines)


def _rollback(store: ModelStore, analyzer: VersionedAnalyzer) -> str:
    store.rollback()
    return analyzer.reload()


async def model(ctx: Context) -> str:
    analyzer = ctx.service.analyzer
    store = analyzer.store if isinstance(analyzer, VersionedAnalyzer) else None
    verb = ctx.args.strip().lower()
    if verb == "rollback":
        if store is None or not isinstance(analyzer, VersionedAnalyzer):
            return _text(ctx.lang, "no_store")
        try:  # loading a model takes seconds: not on the event loop
            version = await asyncio.to_thread(_rollback, store, analyzer)
        except ModelError as exc:
            return _text(ctx.lang, "refused", error=str(exc))
        await ctx.service.repos.audit.add(
            AuditEntry(
                ctx.community_id, ctx.by, "model.rollback", version, ctx.service.clock.now(), {}
            )
        )
        return _text(ctx.lang, "rolled_back", version=version)
    if verb:
        return _text(ctx.lang, "usage")
    detector = getattr(analyzer, "detector", None)
    if detector is None:
        return _text(ctx.lang, "no_store")
    version, previous = detector.versions["model"], None
    if store is not None:
        state = store.state()
        version = f"{version} ({state.active})" if state.active else version
        previous = len(state.previous)
    return describe(ctx.lang, version, detector.model.metadata, previous)


add("model", Command(model, DESK))
