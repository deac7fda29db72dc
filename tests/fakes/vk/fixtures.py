"""Pytest fixture for the fake VK with a standard world; conftest files import it.

The standard world: community GROUP_ID with admin ADMIN (user token USER_TOKEN, scopes
wall/groups/offline), a community token COMMUNITY_TOKEN (manage/wall/messages), a
service token, commenters ALICE and BOB, and one post `fake_vk.post`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.vk.server import FakeVK
from tests.fakes.vk.tokens import TokenKind

GROUP_ID = 229000001
ADMIN, ALICE, BOB = 7700009, 7700001, 7700002
USER_TOKEN = "vk1.a.ADMIN-user-token-0123456789"
COMMUNITY_TOKEN = "vk1.a.COMMUNITY-token-0123456789"
SERVICE_TOKEN = "service-token-0123456789"


def populate(fake: FakeVK) -> None:
    fake.add_community(GROUP_ID, "Kuzet test community")
    for user_id, first in ((ADMIN, "Aida"), (ALICE, "Alice"), (BOB, "Bolat")):
        fake.add_user(user_id, first, "Test")
    fake.add_admin(GROUP_ID, ADMIN)
    fake.add_token(USER_TOKEN, TokenKind.USER, ADMIN, ("wall", "groups", "offline"))
    fake.add_token(COMMUNITY_TOKEN, TokenKind.COMMUNITY, GROUP_ID, ("manage", "wall", "messages"))
    fake.add_token(SERVICE_TOKEN, TokenKind.SERVICE, 0)
    fake.post = fake.publish_post(GROUP_ID, "Welcome")


@pytest.fixture
async def fake_vk() -> AsyncIterator[FakeVK]:
    """A started fake on 127.0.0.1:<random port>; protocol violations fail the test."""
    async with FakeVK(rates={TokenKind.USER: 1000.0, TokenKind.COMMUNITY: 1000.0}) as vk:
        populate(vk)
        yield vk
        assert not vk.violations, vk.violations
