"""The tables a store shares: quotes and their numbering, prices, user parts, confirmed values,
calibration runs, and each store's quote settings (its seller profile).

Every row a person changes says who changed it (the login name), on which machine and when
(UTC). Amounts are kept as decimal text, exactly as entered, on every database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STATUSES = ("issued", "sent", "accepted", "expired", "void")

# Named constraints, so a migration can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Stamped:
    """Who changed the row (login name), on which machine, and when (UTC)."""

    changed_by: Mapped[str] = mapped_column(String(200), default="")
    changed_on: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Quote(Base):
    __tablename__ = "quotes"

    number: Mapped[str] = mapped_column(String(40), primary_key=True)
    base_number: Mapped[str] = mapped_column(String(40))
    prefix: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    store: Mapped[str] = mapped_column(String(8), default="")
    consultant: Mapped[str] = mapped_column(String(200), default="")
    issue_date: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    customer: Mapped[str] = mapped_column(Text)
    company: Mapped[str] = mapped_column(Text)
    po_reference: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(10), default="issued")
    build_name: Mapped[str] = mapped_column(String(200), default="")
    data_sha256: Mapped[str] = mapped_column(String(64))
    build_sha256: Mapped[str] = mapped_column(String(64), default="")
    build_json: Mapped[str] = mapped_column(Text)
    settings_json: Mapped[str] = mapped_column(Text)
    request_json: Mapped[str] = mapped_column(Text)
    quote_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[str] = mapped_column(String(200), default="")
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("prefix", "year", "seq", "revision", name="uq_quotes_number_parts"),
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})", name="status"),
        Index("ix_quotes_issue_date", "issue_date"),
        Index("ix_quotes_newest", "issue_date", "prefix", "seq", "revision"),
        Index("ix_quotes_store_status", "store", "status"),
        Index("ix_quotes_base_number", "base_number"),
    )


class QuoteStatusChange(Stamped, Base):
    """Every status change of a quote (sent, accepted, expired, void): who made it (login
    name), on which machine and when."""

    __tablename__ = "quote_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(40), index=True)
    old_status: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")


class NumberCounter(Base):
    """The last sequence number per prefix and year; its row is the lock a new number takes."""

    __tablename__ = "number_counters"

    prefix: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class PriceOverride(Stamped, Base):
    __tablename__ = "price_overrides"

    part_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    amount: Mapped[str] = mapped_column(String(24))
    currency: Mapped[str] = mapped_column(String(3))
    as_of: Mapped[dt.date] = mapped_column(Date)


class PriceChange(Stamped, Base):
    """Every price change ever made, with the price it replaced."""

    __tablename__ = "price_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    part_id: Mapped[str] = mapped_column(String(200), index=True)
    old_amount: Mapped[str] = mapped_column(String(24), default="")
    old_currency: Mapped[str] = mapped_column(String(3), default="")
    amount: Mapped[str] = mapped_column(String(24))
    currency: Mapped[str] = mapped_column(String(3))
    as_of: Mapped[dt.date] = mapped_column(Date)


class UserPart(Stamped, Base):
    """A part a store added or corrected, as the TOML text a person edits."""

    __tablename__ = "user_parts"

    path: Mapped[str] = mapped_column(String(300), primary_key=True, doc="kind/file.toml")
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))


class ConfirmedValue(Stamped, Base):
    """A part's value a consultant confirmed from a manual in hand."""

    __tablename__ = "confirmed_values"

    part_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    field: Mapped[str] = mapped_column(String(200), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, default="")


class CalibrationRun(Stamped, Base):
    """A benchmark run measured on a store's own machine, as imported."""

    __tablename__ = "calibration_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store: Mapped[str] = mapped_column(String(8), default="")
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    run_json: Mapped[str] = mapped_column(Text)


class StoreSettings(Stamped, Base):
    """A store's quote settings, its seller block included, as QuoteSettings JSON."""

    __tablename__ = "store_settings"

    store: Mapped[str] = mapped_column(String(8), primary_key=True)
    settings_json: Mapped[str] = mapped_column(Text)


class StoreInfo(Base):
    """Facts about the database itself, such as which app version last upgraded it."""

    __tablename__ = "store_info"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
