"""The daily digest: due at the configured local time, once a day, with yesterday against
the week, unanswered threads, overnight hides with undo buttons and expired drafts; on
Mondays the week in review too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.reporting.chores import MonitoringChores
from bot.reporting.digest import DigestMessage
from bot.reporting.monitor import Monitoring
from moderation.comment import Author
from moderation.decision import Reason, ReasonCode, Verdict
from moderation.ports import Repositories
from moderation.records import Card, CardKind, CardState
from moderation.settings import CommunitySettings
from moderation.threads import Thread
from tests.bot.reporting.conftest import Clock, member_comment, recorded

MONDAY_0830 = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)  # 08:30 in Almaty, a Monday


class Chat:
    def __init__(self) -> None:
        self.digests: list[DigestMessage] = []

    async def post_reminder(self, thread: Thread, settings: CommunitySettings) -> str:
        return "1"

    async def edit_reminder(self, thread: Thread, settings: CommunitySettings) -> None:
        return None

    async def send_digest(self, digest: DigestMessage, settings: CommunitySettings) -> None:
        self.digests.append(digest)


async def test_the_digest_comes_once_a_day_at_its_local_time(
    monitoring: Monitoring, repos: Repositories, clock: Clock
) -> None:
    chat = Chat()
    monitoring.chat = chat
    chores = MonitoringChores(monitoring)
    sunday = MONDAY_0830 - timedelta(days=1)
    for n in range(6):  # Sunday: 6 comments, 2 questions (one left open), 2 toxic
        intent = "question" if n < 2 else "other"
        verdict = Verdict.HIDE if n in (4, 5) else Verdict.REPLY if n < 2 else Verdict.ALLOW
        comment = member_comment(str(n), sunday + timedelta(hours=n))
        await repos.decisions.record(recorded(comment, verdict, intent, toxic=n in (4, 5)))
    for n in range(3):  # the Sunday a week before: 3 comments
        comment = member_comment(f"w{n}", sunday - timedelta(days=7) + timedelta(hours=n))
        await repos.decisions.record(recorded(comment, Verdict.ALLOW, "other"))
    night_hide = member_comment(
        "9", MONDAY_0830 - timedelta(hours=6), author=Author(id="66", name="Тролль")
    )
    await repos.cards.add(Card(
        id=0, community_id="news", kind=CardKind.MODERATION, state=CardState.HIDDEN,
        comment=night_hide, verdict=Verdict.HIDE, reasons=(Reason(ReasonCode.TOXIC),),
        created_at=MONDAY_0830 - timedelta(hours=6), chat_id="-1009",
    ))  # fmt: skip

    clock.at = MONDAY_0830
    await monitoring.sweep()
    assert await chores.digests() == 0  # 08:30: too early for a 09:00 digest
    clock.at = MONDAY_0830 + timedelta(minutes=31)
    assert await chores.digests() == 1
    assert await chores.digests() == 0  # once a day
    (digest,) = chat.digests
    assert digest.chat_id == "-1009"
    text = digest.text
    assert "01.03.2026 күнгі қорытынды" in text  # Kazakh, the community's language
    assert "Пікірлер: 6" in text
    assert "Жауап күтіп тұрғандар: 2" in text
    assert "апта қорытындысы" in text  # Monday: the week in review
    assert [undo.author for undo in digest.undo] == ["Тролль"]

    clock.at += timedelta(days=1)  # Tuesday: a new digest, no weekly part
    assert await chores.digests() == 1
    assert "апта қорытындысы" not in chat.digests[-1].text
