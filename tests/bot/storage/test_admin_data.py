"""What admins edit: community settings, word lists, blacklisted and trusted users, FAQ,
strikes, training samples and the audit log — each on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.engine import Database
from bot.storage.repositories import (
    SqlAuditLog,
    SqlBlacklistRepository,
    SqlCommunityRepository,
    SqlFaqRepository,
    SqlStrikeRepository,
    SqlTrainingSampleRepository,
    SqlTrustedUserRepository,
    SqlWordOverlayRepository,
)
from classifiers.vocabulary import Category
from moderation.comment import Platform, UserRef
from moderation.records import (
    AuditEntry,
    BlacklistEntry,
    FaqEntry,
    OverlayMode,
    SampleLabel,
    Strike,
    TrainingSample,
    TrustedUser,
    WordOverlayEntry,
)
from moderation.settings import CommunitySettings, NightSettings, StrikeSettings
from tests.bot.storage.conftest import FakeClock, make_comment

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ALI = UserRef(Platform.VK, "shop-vk", "100", chat_id="-229", is_channel=False)


async def test_community_settings_round_trip_and_replace(db: Database, clock: FakeClock) -> None:
    communities = SqlCommunityRepository(db, clock)
    settings = CommunitySettings(
        community_id="news-kz",
        platform=Platform.TELEGRAM,
        name="Жаңалықтар",
        language="kk",
        hide_threshold=0.9,
        review_threshold=0.4,
        moderators_chat_id="-1004444",
        allowlist=frozenset({"7"}),
        admins=frozenset({"1", "2"}),
        night=NightSettings(enabled=True, start="22:30", holding_reply=True),
        strikes=StrikeSettings(ban_after=5),
    )
    await communities.save(settings)
    assert await communities.get("news-kz") == settings
    edited = settings.with_changes(dry_run=True, hide_threshold=0.85)
    await communities.save(edited)
    await communities.save(CommunitySettings(community_id="shop-vk", platform=Platform.VK))
    assert await communities.get("news-kz") == edited
    assert [s.community_id for s in await communities.all()] == ["news-kz", "shop-vk"]
    assert await communities.get("nope") is None


async def test_word_overlay_put_replaces_by_term(db: Database) -> None:
    words = SqlWordOverlayRepository(db)
    await words.put(
        WordOverlayEntry("news-kz", "ақымақ", OverlayMode.ADD, "tg:1", T0, Category.INSULT, 2)
    )
    await words.put(WordOverlayEntry("news-kz", "дурак", OverlayMode.ADD, "tg:1", T0))
    await words.put(
        WordOverlayEntry("news-kz", "дурак", OverlayMode.ALLOW, "tg:2", T0, Category.INSULT, 1)
    )
    await words.put(
        WordOverlayEntry("shop-vk", "спам", OverlayMode.REMOVE, "tg:1", T0, Category.SPAM, 1)
    )
    entries = await words.all("news-kz")
    assert [(e.term, e.mode, e.by, e.severity) for e in entries] == [
        ("ақымақ", OverlayMode.ADD, "tg:1", 2),
        ("дурак", OverlayMode.ALLOW, "tg:2", 1),
    ]
    assert entries[0].at == T0
    assert await words.delete("news-kz", "дурак") is True
    assert await words.delete("news-kz", "дурак") is False
    assert [e.term for e in await words.all("news-kz")] == ["ақымақ"]


async def test_blacklist_by_user_identity(db: Database) -> None:
    blacklist = SqlBlacklistRepository(db)
    until = T0 + timedelta(days=7)
    await blacklist.put(BlacklistEntry(ALI, "spam", "tg:1", T0, until))
    entry = await blacklist.get(UserRef(Platform.VK, "shop-vk", "100"))  # chat id not identity
    assert entry == BlacklistEntry(ALI, "spam", "tg:1", T0, until)
    assert entry.active(T0) and not entry.active(until)
    await blacklist.put(BlacklistEntry(ALI, "threats", "tg:2", T0))
    replaced = await blacklist.get(ALI)
    assert replaced is not None and (replaced.reason, replaced.until) == ("threats", None)
    assert await blacklist.get(UserRef(Platform.TELEGRAM, "shop-vk", "100")) is None
    assert await blacklist.delete(ALI) is True
    assert await blacklist.delete(ALI) is False
    assert await blacklist.get(ALI) is None


async def test_trusted_users(db: Database) -> None:
    trusted = SqlTrustedUserRepository(db)
    other = UserRef(Platform.VK, "shop-vk", "200")
    await trusted.put(TrustedUser(ALI, "tg:1", T0))
    await trusted.put(TrustedUser(other, "tg:1", T0))
    await trusted.put(TrustedUser(ALI, "tg:2", T0))
    assert await trusted.get(ALI) == TrustedUser(ALI, "tg:2", T0)
    assert [t.user.user_id for t in await trusted.all("shop-vk")] == ["100", "200"]
    assert await trusted.all("news-kz") == ()
    assert await trusted.delete(other) is True
    assert await trusted.get(other) is None


async def test_strikes_count_once_per_comment_and_decay_by_since(db: Database) -> None:
    strikes = SqlStrikeRepository(db)
    first = Strike(ALI, make_comment("1").key, T0, "obscene")
    assert await strikes.add(first) is True
    assert await strikes.add(Strike(ALI, make_comment("1").key, T0 + timedelta(hours=1))) is False
    assert await strikes.add(Strike(ALI, make_comment("2").key, T0 + timedelta(days=40)))
    assert await strikes.add(
        Strike(UserRef(Platform.VK, "other", "100"), make_comment("3").key, T0)
    )
    assert await strikes.active(ALI, T0) == (
        first,
        Strike(ALI, make_comment("2").key, T0 + timedelta(days=40)),
    )
    assert len(await strikes.active(ALI, T0 + timedelta(days=30))) == 1
    assert await strikes.clear(ALI) == 2
    assert await strikes.active(ALI, T0) == ()


async def test_faq_entries(db: Database) -> None:
    faq = SqlFaqRepository(db)
    entry = await faq.add(FaqEntry(0, "news-kz", "kk", "Жеткізу қашан?", "Үш күнде.", "tg:1", T0))
    second = await faq.add(
        FaqEntry(0, "news-kz", "ru", "Когда доставка?", "За три дня.", "tg:1", T0)
    )
    assert entry.id > 0 and second.id > entry.id
    assert await faq.all("news-kz") == (entry, second)
    assert await faq.delete("shop-vk", entry.id) is False  # another community's id
    assert await faq.delete("news-kz", entry.id) is True
    assert await faq.all("news-kz") == (second,)


async def test_training_samples(db: Database) -> None:
    samples = SqlTrainingSampleRepository(db)
    restored = TrainingSample(
        "Керемет!", SampleLabel.CLEAN, "kk", "news-kz", "tg:1", T0, comment=make_comment("1").key
    )
    edited = TrainingSample(
        "Когда?",
        SampleLabel.REPLY_EDITED,
        "ru",
        "shop-vk",
        "tg:2",
        T0,
        reply="Завтра.",
        source="card",
    )
    await samples.add(restored)
    await samples.add(edited)
    assert await samples.all() == (restored, edited)
    assert await samples.all("shop-vk") == (edited,)


async def test_audit_log_newest_first(db: Database) -> None:
    audit = SqlAuditLog(db)
    for n in range(3):
        await audit.add(
            AuditEntry(
                "news-kz",
                "tg:1",
                "addword",
                f"word {n}",
                T0 + timedelta(minutes=n),
                {"term": f"w{n}"},
            )
        )
    await audit.add(AuditEntry("shop-vk", "tg:1", "ban", "ali", T0))
    recent = await audit.recent("news-kz", 2)
    assert [e.detail for e in recent] == ["word 2", "word 1"]
    assert recent[0].params == {"term": "w2"}
    assert recent[0].at == T0 + timedelta(minutes=2)


async def test_strike_remove_forgives_one_comment(db: Database) -> None:
    strikes = SqlStrikeRepository(db)
    for n in ("1", "2"):
        await strikes.add(Strike(ALI, make_comment(n).key, T0))
    assert await strikes.remove(ALI, make_comment("1").key) is True
    assert await strikes.remove(ALI, make_comment("1").key) is False
    assert [s.comment for s in await strikes.active(ALI, T0)] == [make_comment("2").key]
