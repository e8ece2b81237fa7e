"""Every status change of a quote, with who made it (login name), on which machine and when.
Quotes changed before this version have no history; their status is kept as it is."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quote_status_changes",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("old_status", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("changed_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("changed_on", sa.String(200), nullable=False, server_default=""),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_quote_status_changes"),
    )
    op.create_index("ix_quote_status_changes_number", "quote_status_changes", ["number"])
