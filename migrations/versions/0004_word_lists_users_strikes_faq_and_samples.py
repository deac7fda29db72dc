"""word lists users strikes faq and samples

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 00:33:55.220216+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entries")),
    )
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_faq_entries_community_id"), ["community_id"], unique=False
        )

    op.create_table(
        "strikes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=True),
        sa.Column("is_channel", sa.Boolean(), nullable=False),
        sa.Column("comment_key", sa.String(length=255), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strikes")),
        sa.UniqueConstraint(
            "platform",
            "community_id",
            "user_id",
            "comment_key",
            name=op.f("uq_strikes_platform_community_id_user_id_comment_key"),
        ),
    )
    with op.batch_alter_table("strikes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_strikes_platform_community_id_user_id_at",
            ["platform", "community_id", "user_id", "at"],
            unique=False,
        )

    op.create_table(
        "training_samples",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment_key", sa.String(length=255), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_samples")),
    )
    with op.batch_alter_table("training_samples", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_samples_community_id"), ["community_id"], unique=False
        )

    op.create_table(
        "trusted_users",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=True),
        sa.Column("is_channel", sa.Boolean(), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_users")),
        sa.UniqueConstraint(
            "platform",
            "community_id",
            "user_id",
            name=op.f("uq_trusted_users_platform_community_id_user_id"),
        ),
    )
    op.create_table(
        "user_blacklist",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=True),
        sa.Column("is_channel", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_blacklist")),
        sa.UniqueConstraint(
            "platform",
            "community_id",
            "user_id",
            name=op.f("uq_user_blacklist_platform_community_id_user_id"),
        ),
    )
    op.create_table(
        "word_overlays",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("term", sa.String(length=128), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_word_overlays")),
        sa.UniqueConstraint(
            "community_id", "term", name=op.f("uq_word_overlays_community_id_term")
        ),
    )


def downgrade() -> None:
    op.drop_table("word_overlays")
    op.drop_table("user_blacklist")
    op.drop_table("trusted_users")
    with op.batch_alter_table("training_samples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_samples_community_id"))

    op.drop_table("training_samples")
    with op.batch_alter_table("strikes", schema=None) as batch_op:
        batch_op.drop_index("ix_strikes_platform_community_id_user_id_at")

    op.drop_table("strikes")
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_entries_community_id"))

    op.drop_table("faq_entries")
