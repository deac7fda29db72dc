"""Kuzet's storage: SQLAlchemy 2 async models, repositories that return domain values, and
Alembic migrations the app applies itself at start-up.

    await migrate.upgrade(url)      # bot.storage.migrate: bring the schema to head
    db = Database(url)              # sqlite+aiosqlite:///… or postgresql+asyncpg://…
    repos = build_repositories(db)  # bot.storage.repositories: moderation.ports.Repositories
    inbox = InboxRepository(db)     # bot.storage.repositories: the durable inbox

This package's own namespace stays light (no domain imports) so Alembic's env can import
the models alone.
"""

from bot.storage.engine import Database, check_url, create_engine
from bot.storage.errors import NotFoundError, StorageError, UnsupportedDatabaseError

__all__ = [
    "Database",
    "NotFoundError",
    "StorageError",
    "UnsupportedDatabaseError",
    "check_url",
    "create_engine",
]
