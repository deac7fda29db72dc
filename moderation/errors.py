"""The domain's error hierarchy: everything `moderation` raises derives from ModerationError."""

from __future__ import annotations


class ModerationError(Exception):
    """Base of every error raised by the moderation core."""


class SettingsError(ModerationError, ValueError):
    """A community setting is invalid; the message names the key."""


class TemplateError(ModerationError):
    """A reply-template or UI-strings file is missing or malformed."""


class CardNotFound(ModerationError):
    """No approval card with this id."""


class AlreadyHandled(ModerationError):
    """Another moderator resolved this card first (or the tap was on a stale card)."""

    def __init__(self, card_id: int, state: str, by: str | None) -> None:
        super().__init__(f"card {card_id} is already {state}" + (f" by {by}" if by else ""))
        self.card_id = card_id
        self.state = state
        self.by = by


class InvalidTransition(ModerationError):
    """The requested resolution does not apply to a card in its current state."""


class UnknownCommunity(ModerationError):
    """No settings for this community id."""


class ActionFailed(ModerationError):
    """A platform action failed; the outcome is stored and reported on the card."""
