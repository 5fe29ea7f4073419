"""Vectorised parsers: each takes a Polars string expression and returns a typed one.

Null means "could not be parsed"; the contracts turn nulls into rejected rows, so no
parser ever guesses. Input is NFC text (see `text.decode_bytes`); surrounding
whitespace is ignored.

Numbers (SPEC "Submission files"), after an optional sign:

| form | example | reads as |
|---|---|---|
| digits | `1500` | 1500 |
| dot thousands, optional decimal comma | `1.500`, `1.234.567`, `1.500,5` | 1500, 1234567, 1500.5 |
| decimal comma | `51,7`, `1,500` | 51.7, 1.5 |
| decimal dot, any number of decimals but three | `1500.5`, `1.50` | 1500.5, 1.5 |

A dot followed by exactly three digits is always a thousands separator, so it must
sit where one can (`1.500`, not `0.500` or `1500.500`: those are rejected, they are
either a typo or a machine decimal that cannot be told apart from thousands). A comma
is always the decimal mark, so `1,500.5` (English grouping) is rejected. So are a
lone `-` (Excel's accounting zero: write `0`), spaces inside a number, `%`,
scientific notation (`1.5E+06`, which Excel writes when a column is too narrow and
which has lost digits) and anything else. Values keep six decimals (`DECIMAL(38,6)`),
rounded half to even beyond that (`0.0000025` → `0.000002`); more than 32 integer digits
is not a number.

The contracts then bound what a number may be (`VALUE_BOUND`): |value| < 10^15, and a
non-zero number that rounds to 0 at six decimals (`0.0000001`) is rejected rather than
silently becoming 0. 10^15 is far above any real figure (the largest Vietnamese firm's
yearly revenue is ~2·10^14 đồng, and values are per unit and month, in the catalogue's
unit, mostly tỷ đồng), and keeps every downstream type safe: integers below 2^53 ≈ 9·10^15
are exact in the doubles dbt computes ratios in, a sum of up to 10^17 values still fits
`DECIMAL(38,6)` (10^32), and a value's ratio to another (at least 10^-6) stays below
10^21, inside a HUGEINT.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

# Re-exported: the contracts and the parsers below use the registry's value type.
from dagster_project.catalog.columns import VALUE_DECIMALS as VALUE_DECIMALS
from dagster_project.catalog.columns import VALUE_DTYPE as VALUE_DTYPE
from dagster_project.ingest.read.text import fold_expr

VALUE_BOUND = Decimal(10) ** 15  # |value| must be below it (module docstring)

_INTEGER = r"^[+-]?[0-9]+$"
_GROUPED = r"^[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?$"
_DECIMAL_COMMA = r"^[+-]?[0-9]+,[0-9]+$"
_DECIMAL_DOT = r"^[+-]?[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})$"

_YEAR_MIN, _YEAR_MAX = 1900, 2100

STATUS_WORDS: dict[str, str] = {
    "actual": "actual",
    "thuc_hien": "actual",
    "estimate": "estimate",
    "estimated": "estimate",
    "uoc": "estimate",
    "uoc_tinh": "estimate",
    "uoc_dat": "estimate",
    "uoc_thuc_hien": "estimate",
}
DEFAULT_STATUS = "actual"

BOOLEAN_WORDS: dict[str, bool] = {
    "true": True,
    "1": True,
    "yes": True,
    "co": True,
    "dung": True,
    "false": False,
    "0": False,
    "no": False,
    "khong": False,
    "sai": False,
}


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Stripped text; empty becomes null."""
    stripped = expr.str.strip_chars()
    return pl.when(stripped.str.len_chars() > 0).then(stripped)


def clean_code(expr: pl.Expr) -> pl.Expr:
    """A code as stored: stripped, upper-case, null when empty."""
    return clean_text(expr).str.to_uppercase()


def parse_number(expr: pl.Expr) -> pl.Expr:
    """Decimal(38, 6) from the number forms in the module docstring, else null."""
    text = expr.str.strip_chars()
    canonical = (
        pl.when(text.str.contains(_INTEGER) | text.str.contains(_DECIMAL_DOT))
        .then(text)
        .when(text.str.contains(_GROUPED))
        .then(text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(text.str.contains(_DECIMAL_COMMA))
        .then(text.str.replace(",", ".", literal=True))
    )
    return canonical.cast(VALUE_DTYPE, strict=False)


def parse_integer(expr: pl.Expr) -> pl.Expr:
    """Int32 from plain digits (a year, say), else null."""
    text = expr.str.strip_chars()
    return pl.when(text.str.contains(r"^[0-9]{1,9}$")).then(text).cast(pl.Int32, strict=False)


def _year_ok(year: pl.Expr) -> pl.Expr:
    return year.is_between(_YEAR_MIN, _YEAR_MAX)


def parse_month(expr: pl.Expr) -> pl.Expr:
    """First day of the month from `2023-06`, `06/2023`, `6/2023`, `Tháng 6/2023`."""
    text = fold_expr(expr.str.strip_chars())
    iso = text.str.extract_groups(r"^([0-9]{4})-([0-9]{1,2})$")
    local = text.str.extract_groups(r"^(?:thang\s*)?([0-9]{1,2})/([0-9]{4})$")
    year = pl.coalesce(iso.struct.field("1"), local.struct.field("2")).cast(pl.Int32)
    month = pl.coalesce(iso.struct.field("2"), local.struct.field("1")).cast(pl.Int8)
    valid = _year_ok(year) & month.is_between(1, 12)
    return pl.when(valid).then(pl.date(year, month, 1))


_DATE_PART = (
    r"(?:([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"  # 2023-06-06
    r"|([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4}))"  # 6/6/2023, 06.06.2023: day first
)
_TIME_PART = r"(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)"


def _date_fields(groups: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    field = groups.struct.field
    year = pl.coalesce(field("1"), field("6"))
    month = pl.coalesce(field("2"), field("5"))
    day = pl.coalesce(field("3"), field("4"))
    return year, month, day


def _iso_date_text(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    return pl.format("{}-{}-{}", year, month.str.zfill(2), day.str.zfill(2))


def parse_date(expr: pl.Expr) -> pl.Expr:
    """Date from `2023-06-06`, `6/6/2023`, `06/06/2023`, `07/6/2023` (day first)."""
    groups = expr.str.strip_chars().str.extract_groups(f"^{_DATE_PART}$")
    year, month, day = _date_fields(groups)
    parsed = _iso_date_text(year, month, day).str.to_date("%Y-%m-%d", strict=False)
    return pl.when(_year_ok(year.cast(pl.Int32))).then(parsed)


def parse_datetime(expr: pl.Expr) -> pl.Expr:
    """Naive datetime from `2023-07-05 10:30`, `2023-07-05T10:30:00`, or a date alone."""
    groups = expr.str.strip_chars().str.extract_groups(f"^{_DATE_PART}{_TIME_PART}?$")
    year, month, day = _date_fields(groups)
    field = groups.struct.field
    clock = pl.format(
        "{}:{}:{}",
        field("7").fill_null("0").str.zfill(2),
        field("8").fill_null("00"),
        field("9").fill_null("00"),
    )
    text = pl.format("{} {}", _iso_date_text(year, month, day), clock)
    parsed = text.str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us", strict=False)
    return pl.when(_year_ok(year.cast(pl.Int32))).then(parsed)


def _word_key(expr: pl.Expr) -> pl.Expr:
    """`Thực hiện`, `THUC-HIEN`, ` thuc_hien ` → `thuc_hien`."""
    return fold_expr(expr.str.strip_chars()).str.replace_all(r"[\s_\-]+", "_").str.strip_chars("_")


def parse_status(expr: pl.Expr) -> pl.Expr:
    """`actual` / `estimate` from the words in `STATUS_WORDS`; empty means `actual`."""
    key = _word_key(expr)
    word = key.replace_strict(STATUS_WORDS, default=None, return_dtype=pl.String)
    return pl.when(key.is_null() | (key == "")).then(pl.lit(DEFAULT_STATUS)).otherwise(word)


def parse_bool(expr: pl.Expr) -> pl.Expr:
    """Boolean from the words in `BOOLEAN_WORDS` (`true`, `1`, `có`, ...); else null."""
    return _word_key(expr).replace_strict(BOOLEAN_WORDS, default=None, return_dtype=pl.Boolean)
