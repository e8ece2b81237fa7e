"""An index in the register window's order (newest issue date first), so its first rows come
from the index instead of sorting every quote."""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_quotes_newest", "quotes", ["issue_date", "prefix", "seq", "revision"])
