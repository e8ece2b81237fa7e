"""A recorded quote has been issued (its PDF written), so its first status is "issued", not
"draft"; rows still marked draft become issued. The register also keeps each quote's build
name, filled for older rows from the build each quote was made from."""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATUSES = "'issued', 'sent', 'accepted', 'expired', 'void'"


def upgrade() -> None:
    bind = op.get_bind()
    # By what it checks: its name depends on how the table was first made.
    old_checks = [check["name"] for check in sa.inspect(bind).get_check_constraints("quotes")
                  if "status" in check["sqltext"]]
    with op.batch_alter_table("quotes") as batch:
        for name in old_checks:
            batch.drop_constraint(op.f(name), type_="check")
        batch.add_column(sa.Column("build_name", sa.String(200), nullable=False,
                                   server_default=""))
    op.execute("UPDATE quotes SET status = 'issued' WHERE status = 'draft'")
    with op.batch_alter_table("quotes") as batch:
        batch.alter_column("status", existing_type=sa.String(10), server_default="issued")
        batch.create_check_constraint(op.f("ck_quotes_status"), f"status IN ({STATUSES})")
    quotes = sa.table("quotes", sa.column("number"), sa.column("build_json"),
                      sa.column("build_name"))
    for number, build_json in bind.execute(sa.select(quotes.c.number, quotes.c.build_json)).all():
        name = _build_name(build_json)
        if name:
            bind.execute(quotes.update().where(quotes.c.number == number)
                         .values(build_name=name))


def _build_name(build_json: str) -> str:
    try:
        name = json.loads(build_json)["name"]
    except (ValueError, KeyError, TypeError):
        return ""
    return name[:200] if isinstance(name, str) else ""
