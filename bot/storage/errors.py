"""What storage can go wrong with, as one small hierarchy the shell can catch."""

from __future__ import annotations


class StorageError(Exception):
    """Base of every error raised by `bot.storage`."""


class UnsupportedDatabaseError(StorageError):
    """The URL names a database Kuzet does not run on (only SQLite and PostgreSQL)."""


class NotFoundError(StorageError):
    """A row the caller named by key does not exist."""
