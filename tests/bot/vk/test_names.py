"""Authors' names from users.get: looked up once, cached, and never a reason to delay."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.vk.client import VKClient
from bot.vk.names import TTL, VkNames
from moderation.comment import Author, Comment, Platform
from tests.fakes.vk import FakeVK
from tests.fakes.vk.fixtures import ALICE, COMMUNITY_TOKEN


def _comment(author_id: str, name: str | None = None) -> Comment:
    return Comment(platform=Platform.VK, community_id="c", chat_id="-1", comment_id="5",
                   author=Author(author_id, name), text="сәлем",
                   created_at=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip


async def test_names_are_looked_up_once_and_cached(fake_vk: FakeVK) -> None:
    now = [0.0]
    client = VKClient(COMMUNITY_TOKEN, api_base=fake_vk.api_base)
    try:
        names = VkNames(client, clock=lambda: now[0])
        named = await names.named(_comment(str(ALICE)))
        assert named.author.name == "Alice Test"
        assert (await names.named(_comment(str(ALICE)))).author.name == "Alice Test"
        assert names.lookups == 1
        now[0] += TTL + 1  # a day later the name is asked again (people rename themselves)
        await names.named(_comment(str(ALICE)))
        assert names.lookups == 2
    finally:
        await client.close()


async def test_communities_known_names_and_failures_are_left_alone(fake_vk: FakeVK) -> None:
    client = VKClient(COMMUNITY_TOKEN, api_base=fake_vk.api_base)
    try:
        names = VkNames(client)
        assert (await names.named(_comment("-229000001"))).author.name is None
        assert (await names.named(_comment(str(ALICE), "Әлия"))).author.name == "Әлия"
        assert (await names.named(_comment("99999999"))).author.name is None  # unknown user
        fake_vk.fail_next("users.get", 5)
        assert await VkNames(client).name(ALICE) is None  # a failure leaves it unnamed
    finally:
        await client.close()
