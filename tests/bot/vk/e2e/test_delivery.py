"""Delivery and failure paths end to end: re-sends, storage failure, VK errors on actions."""

from __future__ import annotations

from sqlalchemy import text

from moderation.records import ActionStatus
from tests.bot.vk.e2e.conftest import SECRET, StartApp, eventually
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ALICE, BOB, COMMUNITY_TOKEN, GROUP_ID

PROFANE = "ты тупой урод, иди нахуй"


def wall_event(comment_id: int, text_: str, event_id: str = "dup-1") -> dict[str, object]:
    return {
        "type": "wall_reply_new",
        "group_id": GROUP_ID,
        "event_id": event_id,
        "v": "5.199",
        "secret": SECRET,
        "object": {
            "id": comment_id,
            "from_id": ALICE,
            "date": 1764374400,
            "text": text_,
            "post_id": 0,
            "owner_id": -GROUP_ID,
            "post_owner_id": -GROUP_ID,
            "parents_stack": [],
        },
    }


async def test_duplicate_deliveries_are_stored_once_and_acted_on_once(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app()
    comment = await fake_vk.comment(ALICE, fake_vk.post, PROFANE)
    await fake_vk.journal.wait_for_call("wall.deleteComment", comment_id=comment.id)
    original = fake_vk.log(GROUP_ID).events[-2]  # before our own wall_reply_delete
    assert original["type"] == "wall_reply_new" and original["object"]["id"] == comment.id
    resend = {**original, "secret": SECRET}
    for retry in ("1", "2"):  # VK re-sends the same event_id with X-Retry-Counter
        status, body = await fake_vk.callback.post(
            running.callback_url, resend, headers={"X-Retry-Counter": retry}
        )
        assert (status, body) == (200, "ok")
    await running.worker_idle()
    assert await running.inbox_rows() == 1
    assert len(fake_vk.journal.find("wall.deleteComment", ok=None)) == 1
    assert len([c for c in running.cards() if c.comment.comment_id == str(comment.id)]) == 1


async def test_storage_failure_is_not_ok_so_vk_resends(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app()
    async with running.kernel.db.transaction() as session:
        # Inserts fail (as on a full disk); the worker, which only reads, carries on.
        await session.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON inbox "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        )
    status, _ = await fake_vk.callback.post(running.callback_url, wall_event(901, "привет"))
    assert status == 500
    async with running.kernel.db.transaction() as session:
        await session.execute(text("DROP TRIGGER refuse"))
    status, body = await fake_vk.callback.post(
        running.callback_url, wall_event(901, "привет"), headers={"X-Retry-Counter": "1"}
    )
    assert (status, body) == (200, "ok")
    assert await running.inbox_rows() == 1


async def test_rate_limit_errors_still_do_each_action_once(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    await start_app()
    fake_vk.fail_next("wall.deleteComment", 6, times=2)
    comment = await fake_vk.comment(ALICE, fake_vk.post, PROFANE)
    await fake_vk.journal.wait_for_call("wall.deleteComment", comment_id=comment.id)
    calls = fake_vk.journal.find("wall.deleteComment", ok=None)
    assert [c.error_code for c in calls] == [6, 6, None]
    assert fake_vk.comment_state(-GROUP_ID, comment.id).deleted


async def test_community_token_used_to_delete_is_reported_not_retried(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app(user_token=COMMUNITY_TOKEN)  # the classic misconfiguration
    comment = await fake_vk.comment(ALICE, fake_vk.post, PROFANE)
    card = await running.card_where(lambda c: c.comment.comment_id == str(comment.id))
    assert any("error 27" in line and "deleteComment" in line for line in card.failures)
    calls = fake_vk.journal.find("wall.deleteComment", ok=None)
    assert [c.error_code for c in calls] == [27]
    assert not fake_vk.comment_state(-GROUP_ID, comment.id).deleted
    actions = await running.kernel.repos.actions.for_comment(card.comment.key)
    hide = next(a for a in actions if a.action.kind == "hide")
    assert hide.status is ActionStatus.FAILED and "AccessDenied" in (hide.last_error or "")
    # and the start-up check said so, before any comment came
    assert any("cannot delete" in line for line in running.side.reports[GROUP_ID])


async def test_deletion_by_someone_else_is_recorded(start_app: StartApp, fake_vk: FakeVK) -> None:
    running = await start_app()
    comment = await fake_vk.comment(BOB, fake_vk.post, "обычный комментарий")
    await fake_vk.delete_by_user(comment)

    async def recorded() -> bool:
        audit = await running.kernel.repos.audit.recent("shop-vk", 10)
        return any(e.action == "vk.comment_deleted" for e in audit)

    await eventually(recorded)
    entry = (await running.kernel.repos.audit.recent("shop-vk", 10))[0]
    assert entry.actor == f"vk:{BOB}" and entry.params["comment_id"] == str(comment.id)
