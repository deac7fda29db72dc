"""Callback API end to end: VK pushes, Kuzet stores, decides, acts on VK and posts cards."""

from __future__ import annotations

from bot.reporting.monitor import MONITORING_KEY, Monitoring
from moderation.approval import Resolution
from moderation.records import CardKind, CardState
from tests.bot.vk.e2e.conftest import CONFIRMATION, StartApp
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ALICE, BOB, GROUP_ID, USER_TOKEN

PROFANE = "ты тупой урод, иди нахуй"
QUESTION = "Подскажите, когда будет доставка?"


async def test_confirmation_answers_the_configured_string(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app()
    assert await fake_vk.callback.confirm(running.callback_url, GROUP_ID) == CONFIRMATION


async def test_profane_comment_deleted_then_restored_from_the_card(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app()
    comment = await fake_vk.comment(ALICE, fake_vk.post, PROFANE)
    call = await fake_vk.journal.wait_for_call("wall.deleteComment", comment_id=comment.id)
    assert call.token == USER_TOKEN
    assert fake_vk.comment_state(-GROUP_ID, comment.id).deleted
    card = await running.card_where(lambda c: c.comment.comment_id == str(comment.id))
    assert card.kind is CardKind.MODERATION and card.state is CardState.HIDDEN
    assert card.chat_id == "-1004444444444" and card.failures == ()

    await running.kernel.service.resolve(card.id, Resolution.RESTORE, "moderator:1")
    await fake_vk.journal.wait_for_call("wall.restoreComment", comment_id=comment.id)
    assert not fake_vk.comment_state(-GROUP_ID, comment.id).deleted
    # VK tells us about our own delete and restore; neither is acted on again.
    await fake_vk.journal.wait_for_call("callback", type="wall_reply_restore")
    await fake_vk.journal.wait_for_call("callback", type="wall_reply_delete")
    await running.worker_idle()
    # The comment was deleted once; the public warning its hide posted is taken back.
    deletes = fake_vk.journal.find("wall.deleteComment", ok=None)
    assert deletes[0].params["comment_id"] == comment.id and len(deletes) == 2
    warning = fake_vk.journal.find("wall.createComment")[0].response["response"]["comment_id"]
    assert deletes[1].params["comment_id"] == warning
    audit = await running.kernel.repos.audit.recent("shop-vk", 10)
    assert [e.action for e in audit] == ["card.restore"]  # our own delete is not "news"


async def test_question_gets_a_draft_and_send_posts_the_reply(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app()
    comment = await fake_vk.comment(BOB, fake_vk.post, QUESTION)
    card = await running.card_where(lambda c: c.kind is CardKind.DRAFT)
    assert card.comment.comment_id == str(comment.id) and card.draft is not None
    await running.kernel.service.resolve(card.id, Resolution.SEND, "moderator:1")
    call = await fake_vk.journal.wait_for_call("wall.createComment", reply_to_comment=comment.id)
    reply_id = call.response["response"]["comment_id"]
    reply = fake_vk.comment_state(-GROUP_ID, reply_id)
    assert reply.from_id == -GROUP_ID and reply.text == card.draft.text
    # our own reply comes back as wall_reply_new from the community: not stored
    await fake_vk.journal.wait_for_call("callback", type="wall_reply_new", n=2)
    assert await running.inbox_rows() == 1


async def test_ban_from_the_card(start_app: StartApp, fake_vk: FakeVK) -> None:
    running = await start_app()
    comment = await fake_vk.comment(ALICE, fake_vk.post, PROFANE)
    card = await running.card_where(lambda c: c.comment.comment_id == str(comment.id))
    await running.kernel.service.resolve(card.id, Resolution.BAN, "moderator:1")
    call = await fake_vk.journal.wait_for_call("groups.ban", owner_id=ALICE)
    assert call.params["group_id"] == GROUP_ID and call.token == USER_TOKEN
    assert ALICE in fake_vk.world.communities[GROUP_ID].bans


async def test_wrong_secret_is_refused_and_nothing_stored(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app()
    body = {
        "type": "wall_reply_new",
        "group_id": GROUP_ID,
        "event_id": "forged1",
        "v": "5.199",
        "secret": "not-the-secret",
        "object": {
            "id": 9,
            "from_id": ALICE,
            "date": 1,
            "text": PROFANE,
            "post_id": 1,
            "owner_id": -GROUP_ID,
            "post_owner_id": -GROUP_ID,
        },
    }
    assert (await fake_vk.callback.post(running.callback_url, body))[0] == 403
    unknown_group = {**body, "group_id": 1, "secret": "x"}
    assert (await fake_vk.callback.post(running.callback_url, unknown_group))[0] == 403
    assert await running.inbox_rows() == 0


async def test_malformed_json_is_400(start_app: StartApp, fake_vk: FakeVK) -> None:
    running = await start_app()
    status, _ = await fake_vk.callback.post(running.callback_url, '{"type": "wall_reply_new",')
    assert status == 400
    assert await running.inbox_rows() == 0


async def test_market_item_comments_are_moderated_and_answered_in_their_family(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    running = await start_app()
    item = fake_vk.publish_post(GROUP_ID, "Шапка, 5000 тг", kind="market")
    abusive = await fake_vk.comment(ALICE, item, PROFANE)
    call = await fake_vk.journal.wait_for_call("market.deleteComment", comment_id=abusive.id)
    assert call.token == USER_TOKEN and fake_vk.comment_state(-GROUP_ID, abusive.id).deleted

    question = await fake_vk.comment(BOB, item, QUESTION)
    card = await running.card_where(
        lambda c: c.kind is CardKind.DRAFT and c.comment.comment_id == str(question.id)
    )
    assert card.comment.metadata["kind"] == "market" and card.draft is not None
    await running.kernel.service.resolve(card.id, Resolution.SEND, "moderator:1")
    sent = await fake_vk.journal.wait_for_call("market.createComment", reply_to_comment=question.id)
    reply = fake_vk.comment_state(-GROUP_ID, sent.response["response"])
    assert reply.kind == "market" and reply.from_id == -GROUP_ID
    assert reply.text == card.draft.text
    await running.worker_idle()
    assert fake_vk.journal.find("wall.deleteComment", ok=None) == []


async def test_a_managers_reply_from_a_personal_account_answers_the_question(
    start_app: StartApp, fake_vk: FakeVK
) -> None:
    # The running bot learns the community's managers from VK itself (groups.getMembers):
    # nobody lists them in the config, yet a moderator's reply closes the thread.
    manager = 777
    fake_vk.add_admin(GROUP_ID, manager, "moderator")
    running = await start_app()
    monitoring = running.kernel.extras[MONITORING_KEY]
    assert isinstance(monitoring, Monitoring)
    question = await fake_vk.comment(BOB, fake_vk.post, QUESTION)
    await running.card_where(lambda c: c.kind is CardKind.DRAFT)
    await fake_vk.comment(ALICE, fake_vk.post, "Тоже жду ответа", reply_to=question)
    await running.worker_idle()
    (waiting,) = await monitoring.unanswered("shop-vk")  # a member's reply answers nothing
    assert waiting.comment_id == str(question.id)

    await fake_vk.comment(manager, fake_vk.post, "Доставка завтра до 18:00", reply_to=question)
    await fake_vk.journal.wait_for_call("callback", type="wall_reply_new", n=3)
    await running.worker_idle()
    assert await monitoring.unanswered("shop-vk") == ()
    calls = fake_vk.journal.find("groups.getMembers", ok=None)
    assert calls and calls[0].params["filter"] == "managers"
