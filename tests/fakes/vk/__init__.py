"""A fake VK API (methods, Bots Long Poll, Callback sender) for tests; see vk.md §9."""

from tests.fakes.vk.server import FakeVK
from tests.fakes.vk.tokens import TokenKind

__all__ = ["FakeVK", "TokenKind"]
