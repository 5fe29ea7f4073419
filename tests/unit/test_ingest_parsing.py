"""Vectorised parsers: dagster_project.ingest.read.parsing (every expected value exact)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import polars as pl
import pytest

from dagster_project.ingest.read.parsing import (
    clean_code,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_integer,
    parse_month,
    parse_number,
    parse_status,
)


def run(parser, texts):
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    return frame.select(parser(pl.col("text"))).to_series().to_list()


NUMBERS = [
    ("1500", Decimal("1500")),
    ("1500.5", Decimal("1500.5")),
    ("1.500", Decimal("1500")),
    ("1.500,5", Decimal("1500.5")),
    ("51,7", Decimal("51.7")),
    ("1.234.567", Decimal("1234567")),
    ("1.234.567,891", Decimal("1234567.891")),
    ("1,500", Decimal("1.5")),  # a comma is always the decimal mark
    ("1.5", Decimal("1.5")),
    ("1.50", Decimal("1.5")),
    ("1.5000", Decimal("1.5")),
    ("0", Decimal("0")),
    ("007", Decimal("7")),
    (" 12 ", Decimal("12")),
    ("\u00a012\u00a0", Decimal("12")),
    ("-5", Decimal("-5")),
    ("-1.500,5", Decimal("-1500.5")),
    ("+3", Decimal("3")),
    ("12.3456789", Decimal("12.345679")),
    # rejected: never a guess
    ("1,500.5", None),
    ("abc", None),
    ("1.5.5", None),
    ("", None),
    ("   ", None),
    (None, None),
    ("-", None),
    ("0.500", None),
    ("1500.500", None),
    ("1.50.000", None),
    ("1 500", None),
    ("51,7%", None),
    ("1.5E+06", None),
    ("1e5", None),
    (".5", None),
    ("5.", None),
    (",5", None),
    ("1" * 33, None),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_parse_number(text, expected):
    assert run(parse_number, [text]) == [expected]


def test_parse_number_dtype_is_decimal_38_6():
    frame = pl.DataFrame({"text": ["1.500,5"]})
    assert frame.select(parse_number(pl.col("text"))).dtypes == [pl.Decimal(38, 6)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06", date(2023, 6, 1)),
        ("2023-6", date(2023, 6, 1)),
        ("06/2023", date(2023, 6, 1)),
        ("6/2023", date(2023, 6, 1)),
        ("Tháng 6/2023", date(2023, 6, 1)),
        ("Tháng 06/2023", date(2023, 6, 1)),
        ("THÁNG 12/2023", date(2023, 12, 1)),
        ("thang 1/2024", date(2024, 1, 1)),
        (" 2023-06 ", date(2023, 6, 1)),
        ("2023-13", None),
        ("00/2023", None),
        ("2023-06-01", None),
        ("June 2023", None),
        ("1899-12", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_month(text, expected):
    assert run(parse_month, [text]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06-06", date(2023, 6, 6)),
        ("6/6/2023", date(2023, 6, 6)),
        ("06/06/2023", date(2023, 6, 6)),
        ("07/6/2023", date(2023, 6, 7)),
        ("13/6/2023", date(2023, 6, 13)),
        ("6.6.2023", date(2023, 6, 6)),
        ("6/13/2023", None),  # day first: there is no 13th month
        ("31/02/2023", None),
        ("2023-02-29", None),
        ("2023/06/06", None),
        ("x", None),
        ("", None),
    ],
)
def test_parse_date_day_first(text, expected):
    assert run(parse_date, [text]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07-05 10:30", datetime(2023, 7, 5, 10, 30)),
        ("2023-07-05T10:30:00", datetime(2023, 7, 5, 10, 30)),
        ("2023-07-05 10:30:15", datetime(2023, 7, 5, 10, 30, 15)),
        ("2023-07-05", datetime(2023, 7, 5)),
        ("5/7/2023 8:05", datetime(2023, 7, 5, 8, 5)),
        ("2023-07-05 25:00", None),
        ("2023-07-05T10:30:00+07:00", None),
        ("yesterday", None),
    ],
)
def test_parse_datetime(text, expected):
    assert run(parse_datetime, [text]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("actual", "actual"),
        ("ACTUAL", "actual"),
        ("estimate", "estimate"),
        ("thuc_hien", "actual"),
        ("Thực hiện", "actual"),
        ("THỰC HIỆN", "actual"),
        ("thuc hien", "actual"),
        ("uoc", "estimate"),
        ("Ước", "estimate"),
        ("ước tính", "estimate"),
        ("", "actual"),
        (None, "actual"),
        ("maybe", None),
    ],
)
def test_parse_status(text, expected):
    assert run(parse_status, [text]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        ("có", True),
        ("Không", False),
        ("", None),
        ("maybe", None),
    ],
)
def test_parse_bool(text, expected):
    assert run(parse_bool, [text]) == [expected]


def test_parse_integer_and_clean_code():
    assert run(parse_integer, ["2023", " 2024 ", "23.0", "x", ""]) == [2023, 2024, None, None, None]
    assert run(clean_code, [" bc01 ", "", None]) == ["BC01", None, None]
