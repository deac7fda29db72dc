"""Admins' edits without a redeploy: word lists, user bans and trust, FAQ, thresholds, the night
window and dry-run mode. Every change is written to the audit log (who, what, when).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from classifiers.vocabulary import Category
from moderation.comment import UserRef
from moderation.errors import ActionFailed, SettingsError, UnknownCommunity
from moderation.ports import Clock, PlatformGateway, Repositories
from moderation.records import (
    AuditEntry,
    BlacklistEntry,
    FaqEntry,
    OverlayMode,
    TrustedUser,
    WordOverlayEntry,
)
from moderation.settings import CommunitySettings, NightSettings, parse_hhmm


def _term(word: str) -> str:
    term = " ".join(word.lower().replace("ё", "е").split())
    if not term:
        raise SettingsError("word: must not be empty")
    return term


class Administration:
    """The admin commands' domain side; the Telegram command handlers call these."""

    def __init__(self, repos: Repositories, gateway: PlatformGateway, clock: Clock) -> None:
        self._repos = repos
        self._gateway = gateway
        self._clock = clock

    async def _audit(self, community_id: str, actor: str, action: str, detail: str) -> None:
        entry = AuditEntry(community_id, actor, action, detail, self._clock.now())
        await self._repos.audit.add(entry)

    async def _settings(self, community_id: str) -> CommunitySettings:
        found = await self._repos.communities.get(community_id)
        if found is None:
            raise UnknownCommunity(f"no community {community_id!r}")
        return found

    # ------------------------------------------------------------ words

    async def add_word(
        self,
        community_id: str,
        word: str,
        by: str,
        category: Category = Category.INSULT,
        severity: int = 2,
    ) -> WordOverlayEntry:
        if not 1 <= severity <= 3:
            raise SettingsError(f"severity: expected 1..3, got {severity}")
        entry = WordOverlayEntry(
            community_id, _term(word), OverlayMode.ADD, by, self._clock.now(), category, severity
        )
        await self._repos.words.put(entry)
        await self._audit(community_id, by, "addword", f"{entry.term} ({category}, {severity})")
        return entry

    async def del_word(self, community_id: str, word: str, by: str) -> OverlayMode | None:
        """Undo an added word, or switch a shipped word off here; returns what changed."""
        term = _term(word)
        current = {e.term: e for e in await self._repos.words.all(community_id)}.get(term)
        if current is not None and current.mode is OverlayMode.ADD:
            await self._repos.words.delete(community_id, term)
            changed: OverlayMode | None = None
        else:
            entry = WordOverlayEntry(community_id, term, OverlayMode.REMOVE, by, self._clock.now())
            await self._repos.words.put(entry)
            changed = OverlayMode.REMOVE
        await self._audit(community_id, by, "delword", term)
        return changed

    async def allow_word(self, community_id: str, word: str, by: str) -> WordOverlayEntry:
        entry = WordOverlayEntry(
            community_id, _term(word), OverlayMode.ALLOW, by, self._clock.now()
        )
        await self._repos.words.put(entry)
        await self._audit(community_id, by, "allowword", entry.term)
        return entry

    # ------------------------------------------------------------ users

    async def blacklist(
        self,
        user: UserRef,
        by: str,
        reason: str,
        at: datetime,
        until: datetime | None = None,
        *,
        audit: bool = True,
    ) -> BlacklistEntry:
        entry = BlacklistEntry(user, reason, by, at, until)
        await self._repos.blacklist.put(entry)
        if audit:
            await self._audit(user.community_id, by, "blacklist", f"{user} ({reason})")
        return entry

    async def ban(
        self, user: UserRef, by: str, hours: int | None = None, reason: str = ""
    ) -> BlacklistEntry:
        """Blacklist the user (new comments hidden at once) and ban on the platform."""
        now = self._clock.now()
        until = now + timedelta(hours=hours) if hours else None
        entry = await self.blacklist(user, by, reason or "admin", now, until, audit=False)
        await self._audit(user.community_id, by, "ban", f"{user} until {until or 'forever'}")
        try:
            await self._gateway.ban(user, until)
        except Exception as exc:  # the blacklist stands; the command reports the platform error
            raise ActionFailed(f"ban on the platform failed: {exc}") from exc
        return entry

    async def unban(self, user: UserRef, by: str) -> bool:
        """Lift the blacklist, the strikes and the platform ban."""
        removed = await self._repos.blacklist.delete(user)
        await self._repos.strikes.clear(user)
        await self._audit(user.community_id, by, "unban", str(user))
        try:
            await self._gateway.unban(user)
        except Exception as exc:
            raise ActionFailed(f"unban on the platform failed: {exc}") from exc
        return removed

    async def trust(self, user: UserRef, by: str) -> None:
        await self._repos.trusted.put(TrustedUser(user, by, self._clock.now()))
        await self._audit(user.community_id, by, "trust", str(user))

    async def untrust(self, user: UserRef, by: str) -> bool:
        removed = await self._repos.trusted.delete(user)
        await self._audit(user.community_id, by, "untrust", str(user))
        return removed

    # ------------------------------------------------------------ FAQ

    async def faq_add(
        self, community_id: str, lang: str, question: str, answer: str, by: str
    ) -> FaqEntry:
        if lang not in ("kk", "ru"):
            raise SettingsError(f"faq language: expected kk or ru, got {lang!r}")
        if not question.strip() or not answer.strip():
            raise SettingsError("faq: both the question and the answer are needed")
        entry = FaqEntry(
            0, community_id, lang, question.strip(), answer.strip(), by, self._clock.now()
        )
        stored = await self._repos.faq.add(entry)
        await self._audit(community_id, by, "faq.add", f"#{stored.id} [{lang}] {entry.question}")
        return stored

    async def faq_del(self, community_id: str, faq_id: int, by: str) -> bool:
        removed = await self._repos.faq.delete(community_id, faq_id)
        await self._audit(community_id, by, "faq.del", f"#{faq_id}")
        return removed

    async def faq_list(self, community_id: str) -> tuple[FaqEntry, ...]:
        return await self._repos.faq.all(community_id)

    # ------------------------------------------------------------ settings

    async def _change(
        self, community_id: str, by: str, action: str, detail: str, **changes: object
    ) -> CommunitySettings:
        updated = (await self._settings(community_id)).with_changes(**changes)
        await self._repos.communities.save(updated)
        await self._audit(community_id, by, action, detail)
        return updated

    async def set_threshold(
        self, community_id: str, which: str, value: float, by: str
    ) -> CommunitySettings:
        if which not in ("hide", "review"):
            raise SettingsError(f"threshold: expected hide or review, got {which!r}")
        field = f"{which}_threshold"
        return await self._change(
            community_id, by, "threshold", f"{field}={value}", **{field: value}
        )

    async def set_night(
        self,
        community_id: str,
        by: str,
        start: str | None = None,
        end: str | None = None,
        *,
        enabled: bool = True,
        timezone: str | None = None,
        holding_reply: bool | None = None,
    ) -> CommunitySettings:
        night = (await self._settings(community_id)).night
        if start is not None:
            parse_hhmm(start, "night.start")
        if end is not None:
            parse_hhmm(end, "night.end")
        updated = NightSettings(
            enabled=enabled,
            timezone=timezone or night.timezone,
            start=start or night.start,
            end=end or night.end,
            holding_reply=night.holding_reply if holding_reply is None else holding_reply,
        )
        detail = f"{updated.start}-{updated.end} {updated.timezone}" if enabled else "off"
        return await self._change(community_id, by, "night", detail, night=updated)

    async def set_mode(self, community_id: str, dry_run: bool, by: str) -> CommunitySettings:
        mode = "dry-run" if dry_run else "live"
        return await self._change(community_id, by, "mode", mode, dry_run=dry_run)
