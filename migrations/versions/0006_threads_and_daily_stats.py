"""threads to answer and daily community aggregates

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 14:53:58.824841+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "daily_stats",
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("toxic", sa.Integer(), nullable=False),
        sa.Column("hidden", sa.Integer(), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("restored", sa.Integer(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("new_authors", sa.Integer(), nullable=False),
        sa.Column("median_answer", sa.Float(), nullable=True),
        sa.Column("p90_answer", sa.Float(), nullable=True),
        sa.Column("health", sa.Float(), nullable=True),
        sa.Column(
            "detail", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("community_id", "day", name=op.f("pk_daily_stats")),
    )
    op.create_table(
        "threads",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("comment_id", sa.String(length=64), nullable=False),
        sa.Column("post_id", sa.String(length=64), nullable=True),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=16), nullable=False),
        sa.Column("link", sa.String(length=512), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=255), nullable=True),
        sa.Column("answer_kind", sa.String(length=32), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminder_chat_id", sa.String(length=64), nullable=True),
        sa.Column("reminder_message_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
        sa.UniqueConstraint(
            "platform", "chat_id", "comment_id", name=op.f("uq_threads_platform_chat_id_comment_id")
        ),
    )
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_threads_community_id_answered_at", ["community_id", "answered_at"], unique=False
        )
        batch_op.create_index(
            "ix_threads_community_id_opened_at", ["community_id", "opened_at"], unique=False
        )

    op.create_index(
        "ix_decisions_community_id_author_id", "decisions", ["community_id", "author_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_decisions_community_id_author_id", table_name="decisions")

    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.drop_index("ix_threads_community_id_opened_at")
        batch_op.drop_index("ix_threads_community_id_answered_at")

    op.drop_table("threads")
    op.drop_table("daily_stats")
