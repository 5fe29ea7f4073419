"""A column of a raw table: what it holds, how it is typed, what a file may call it."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# Values are exact decimals everywhere (SPEC "Numbers"): the Polars type matches DuckDB's.
VALUE_DECIMALS = 6
VALUE_SQL = f"DECIMAL(38, {VALUE_DECIMALS})"
VALUE_DTYPE = pl.Decimal(38, VALUE_DECIMALS)


@dataclass(frozen=True)
class Column:
    """One column of a raw table.

    `sql` is the DuckDB type of the raw table (with NOT NULL where the contract rejects a
    blank); `dtype` the Polars type the loader casts to before writing. `aliases` are
    further header names a file may use (matched ignoring case, diacritics, spaces and
    underscores); `required` says the file must have the column. `codes` names the code
    list of `catalog.codes` the values come from (dbt tests them with accepted_values).
    `description` is None for a column described once elsewhere under the same name (the
    on-run-end macro's glossary gives it that description). `parse` names how a file's
    text becomes the typed value (one of `ingest.check.contracts.PARSERS`: "code" is
    stripped and upper-cased, "month" takes 2023-06 or 06/2023, …); each type has its
    default, and only a file's columns are parsed.
    """

    name: str
    sql: str
    dtype: pl.DataType
    description: str | None
    aliases: tuple[str, ...] = ()
    required: bool = False
    label_vi: str | None = None
    form_label_vi: str | None = None  # as the Excel form prints it (one of the aliases)
    codes: str | None = None
    parse: str = "text"

    @property
    def nullable_sql(self) -> str:
        """The type without NOT NULL (a column added to a table that already has rows)."""
        return self.sql.replace(" NOT NULL", "")


def text(name: str, description: str | None, *, null: bool = True, **more) -> Column:
    return Column(name, "VARCHAR" if null else "VARCHAR NOT NULL", pl.String(), description, **more)


def date(name: str, description: str | None, *, null: bool = True, **more) -> Column:
    more.setdefault("parse", "date")
    return Column(name, "DATE" if null else "DATE NOT NULL", pl.Date(), description, **more)


def integer(name: str, description: str | None, *, null: bool = True, **more) -> Column:
    more.setdefault("parse", "integer")
    return Column(name, "INTEGER" if null else "INTEGER NOT NULL", pl.Int32(), description, **more)


def bigint(name: str, description: str | None, **more) -> Column:
    more.setdefault("parse", "integer")
    return Column(name, "BIGINT", pl.Int64(), description, **more)


def boolean(name: str, description: str | None, **more) -> Column:
    more.setdefault("parse", "bool")
    return Column(name, "BOOLEAN NOT NULL", pl.Boolean(), description, **more)


def timestamp(name: str, description: str | None, **more) -> Column:
    more.setdefault("parse", "datetime")
    return Column(name, "TIMESTAMP", pl.Datetime("us"), description, **more)


def value(name: str, description: str | None, **more) -> Column:
    more.setdefault("parse", "number")
    return Column(name, f"{VALUE_SQL} NOT NULL", VALUE_DTYPE, description, **more)
