"""The store's tables; a register from before this version is rebuilt in place.

The old register had only the ``quotes`` table, without store, consultant, build hash, void
status or who issued each quote. Its rows are copied into the new table unchanged; the new
columns are filled from the data each row already holds (the consultant from the request, the
build's SHA-256 from its text), and the number counters start at each prefix and year's
highest number.
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATUSES = "'draft', 'sent', 'accepted', 'expired', 'void'"
OLD_COLUMNS = ("number", "base_number", "prefix", "year", "seq", "revision", "issue_date",
               "valid_until", "customer", "company", "po_reference", "currency", "total",
               "status", "data_sha256", "build_json", "settings_json", "request_json",
               "quote_json")


def _stamp(prefix: str) -> list[sa.Column]:
    return [sa.Column(f"{prefix}_by", sa.String(200), nullable=False, server_default=""),
            sa.Column(f"{prefix}_on", sa.String(200), nullable=False, server_default=""),
            sa.Column(f"{prefix}_at", sa.DateTime(timezone=True), nullable=True)]


def _create_quotes(name: str) -> None:
    op.create_table(
        name,
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("base_number", sa.String(40), nullable=False),
        sa.Column("prefix", sa.String(20), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("store", sa.String(8), nullable=False, server_default=""),
        sa.Column("consultant", sa.String(200), nullable=False, server_default=""),
        sa.Column("issue_date", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("customer", sa.Text, nullable=False),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("po_reference", sa.Text, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total", sa.String(24), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="draft"),
        sa.Column("data_sha256", sa.String(64), nullable=False),
        sa.Column("build_sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("build_json", sa.Text, nullable=False),
        sa.Column("settings_json", sa.Text, nullable=False),
        sa.Column("request_json", sa.Text, nullable=False),
        sa.Column("quote_json", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        *_stamp("issued"),
        sa.PrimaryKeyConstraint("number", name="pk_quotes"),
        sa.UniqueConstraint("prefix", "year", "seq", "revision", name="uq_quotes_number_parts"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_quotes_status"),
    )


def upgrade() -> None:
    bind = op.get_bind()
    legacy = sa.inspect(bind).has_table("quotes")
    _create_quotes("quotes_new" if legacy else "quotes")
    if legacy:
        _copy_legacy_quotes(bind)
        op.drop_table("quotes")
        op.rename_table("quotes_new", "quotes")
    op.create_index("ix_quotes_issue_date", "quotes", ["issue_date"])
    op.create_index("ix_quotes_store_status", "quotes", ["store", "status"])
    op.create_index("ix_quotes_base_number", "quotes", ["base_number"])
    op.create_table(
        "number_counters",
        sa.Column("prefix", sa.String(20), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year", name="pk_number_counters"),
    )
    op.execute("INSERT INTO number_counters (prefix, year, last_seq) "
               "SELECT prefix, year, MAX(seq) FROM quotes GROUP BY prefix, year")
    op.create_table(
        "price_overrides",
        sa.Column("part_id", sa.String(200), nullable=False),
        sa.Column("amount", sa.String(24), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        *_stamp("changed"),
        sa.PrimaryKeyConstraint("part_id", name="pk_price_overrides"),
    )
    op.create_table(
        "price_changes",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("part_id", sa.String(200), nullable=False),
        sa.Column("old_amount", sa.String(24), nullable=False, server_default=""),
        sa.Column("old_currency", sa.String(3), nullable=False, server_default=""),
        sa.Column("amount", sa.String(24), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        *_stamp("changed"),
        sa.PrimaryKeyConstraint("id", name="pk_price_changes"),
    )
    op.create_index("ix_price_changes_part_id", "price_changes", ["part_id"])
    op.create_table(
        "user_parts",
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        *_stamp("changed"),
        sa.PrimaryKeyConstraint("path", name="pk_user_parts"),
    )
    op.create_table(
        "confirmed_values",
        sa.Column("part_id", sa.String(200), nullable=False),
        sa.Column("field", sa.String(200), nullable=False),
        sa.Column("value_json", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        *_stamp("changed"),
        sa.PrimaryKeyConstraint("part_id", "field", name="pk_confirmed_values"),
    )
    op.create_table(
        "calibration_runs",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("store", sa.String(8), nullable=False, server_default=""),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("run_json", sa.Text, nullable=False),
        *_stamp("changed"),
        sa.PrimaryKeyConstraint("id", name="pk_calibration_runs"),
        sa.UniqueConstraint("sha256", name="uq_calibration_runs_sha256"),
    )
    op.create_table(
        "store_settings",
        sa.Column("store", sa.String(8), nullable=False),
        sa.Column("settings_json", sa.Text, nullable=False),
        *_stamp("changed"),
        sa.PrimaryKeyConstraint("store", name="pk_store_settings"),
    )
    op.create_table(
        "store_info",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_store_info"),
    )


def _copy_legacy_quotes(bind) -> None:
    old = sa.table("quotes", *(sa.column(c) for c in OLD_COLUMNS))
    new = sa.table("quotes_new", *(sa.column(c) for c in
                                   (*OLD_COLUMNS, "consultant", "build_sha256")))
    rows = bind.execute(sa.select(old)).mappings().all()
    batch = []
    for row in rows:
        batch.append({**row, "consultant": _consultant(row["request_json"]),
                      "build_sha256": hashlib.sha256(row["build_json"].encode()).hexdigest()})
        if len(batch) == 500:
            bind.execute(new.insert(), batch)
            batch = []
    if batch:
        bind.execute(new.insert(), batch)


def _consultant(request_json: str) -> str:
    try:
        value = json.loads(request_json).get("consultant", "")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""
