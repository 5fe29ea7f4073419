"""Vietnamese (and English) number, percent, quantity, count and date formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from dagster_project.report.numbers_en import (
    format_count_en,
    format_date_en,
    format_number_en,
    format_percent_en,
    quantity_en,
)
from dagster_project.report.numbers_vi import (
    ABOUT,
    OVER,
    format_count_vi,
    format_date_vi,
    format_number_vi,
    format_percent_vi,
    format_signed_percent_vi,
    quantity_vi,
    round_for_prose,
    round_half_up,
    to_decimal,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1500, "1.500"),
        (1500.0, "1.500"),
        (Decimal("1500.000000"), "1.500"),
        (4548, "4.548"),
        (1234567.5, "1.234.567,5"),
        (51.724, "51,72"),
        (12, "12"),
        (123, "123"),
        (1234, "1.234"),
        (999.999, "1.000"),
        (0, "0"),
        (0.0, "0"),
        (-0.001, "0"),  # never "-0"
        (-1234.5, "-1.234,5"),
        (0.005, "0,01"),  # half up on the decimal value
        (-0.005, "-0,01"),  # halves away from zero
        (2.675, "2,68"),  # the float 2.675 is read as 2.675, not 2.67499999...
        (1e9, "1.000.000.000"),
        (1e30, "1.000.000.000.000.000.000.000.000.000.000"),
        (np.float64(1500.5), "1.500,5"),
        (np.int64(4548), "4.548"),
        (None, "—"),
        (float("nan"), "—"),
        (float("inf"), "—"),
    ],
)
def test_format_number_vi(value, expected):
    assert format_number_vi(value) == expected


def test_format_number_decimals_and_missing():
    assert format_number_vi(51.724, 1) == "51,7"
    assert format_number_vi(51.75, 1) == "51,8"
    assert format_number_vi(2.5, 0) == "3"
    assert format_number_vi(None, missing="") == ""


def test_format_number_en():
    assert format_number_en(1234567.5) == "1,234,567.5"
    assert format_number_en(1500) == "1,500"
    assert format_number_en(-0.004) == "0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (51.724, "51,7%"),
        (Decimal("51.72413793"), "51,7%"),
        (45.047, "45%"),
        (45.238, "45,2%"),
        (50.04, "50%"),
        (49.95, "50%"),
        (100.0, "100%"),
        (0, "0%"),
        (0.05, "0,1%"),
        (0.04, "0%"),
        (-0.05, "-0,1%"),
        (-0.04, "0%"),
        (1e9, "1.000.000.000%"),
        (None, "—"),
    ],
)
def test_format_percent_vi(value, expected):
    assert format_percent_vi(value) == expected


def test_signed_and_english_percent():
    assert format_signed_percent_vi(8.6957) == "+8,7%"
    assert format_signed_percent_vi(-3.25) == "-3,3%"
    assert format_signed_percent_vi(0.04) == "0%"
    assert format_signed_percent_vi(None) == "—"
    assert format_percent_en(51.724) == "51.7%"
    assert format_percent_en(1234.56) == "1,234.6%"


@pytest.mark.parametrize(
    ("value", "estimate", "expected"),
    [
        (1500.0, True, "khoảng 1.500"),  # a round estimate: the article's "khoảng 1.500"
        (1500.0, False, "1.500"),  # an exact actual: no qualifier
        (1499.8, False, "khoảng 1.500"),  # rounded up: "about"
        (1500.75, True, "khoảng 1.501"),
        (375.3, True, "trên 375"),  # rounded down: "over"
        (375.3, False, "trên 375"),
        (95.0, True, "khoảng 95"),  # an estimated sum is approximate even when whole
        (95, False, "95"),
        (3000, False, "3.000"),
        (4548, False, "4.548"),
        (0, True, "0"),
        (0.4, False, "0,4"),  # a real non-zero value is never printed as 0
        (0.123, False, "trên 0,12"),
        (0.001, False, "khoảng 0"),
        (1e9, True, "khoảng 1.000.000.000"),
        (-375.3, False, "khoảng -375"),
        (None, False, "—"),
    ],
)
def test_quantity_vi(value, estimate, expected):
    assert quantity_vi(value, estimate=estimate) == expected


def test_round_for_prose_and_english_quantity():
    assert round_for_prose(375.3) == (OVER, Decimal(375))
    assert round_for_prose(1500.0, estimate=True) == (ABOUT, Decimal(1500))
    assert round_for_prose(95.0, estimate=True) == (ABOUT, Decimal(95))
    assert round_for_prose(None) is None
    assert quantity_en(1500.0, estimate=True) == "about 1,500"
    assert quantity_en(375.3) == "over 375"


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [
        (0, "0", "0"),
        (5, "5", "5"),
        (15, "15", "15"),
        (99, "99", "99"),
        (100, "100", "100"),
        (101, "hơn 100", "more than 100"),
        (200, "200", "200"),  # "hơn 200" would be false
        (213, "hơn 200", "more than 200"),
        (299, "hơn 200", "more than 200"),
        (1250, "hơn 1.200", "more than 1,200"),
    ],
)
def test_counts(n, vi, en):
    assert format_count_vi(n) == vi
    assert format_count_en(n) == en


def test_negative_count_is_an_error():
    with pytest.raises(ValueError):
        format_count_vi(-1)


def test_dates():
    assert format_date_vi(date(2023, 6, 6)) == "6/6/2023"
    assert format_date_vi(date(2023, 6, 7)) == "7/6/2023"
    assert format_date_vi(date(2023, 12, 31)) == "31/12/2023"
    assert format_date_vi(None) == "—"
    assert format_date_en(date(2023, 6, 6)) == "6 June 2023"


def test_to_decimal_and_round_half_up():
    assert to_decimal(0.05) == Decimal("0.05")
    assert to_decimal("1500.5") == Decimal("1500.5")
    assert to_decimal(float("nan")) is None
    assert round_half_up(2.5) == 3
    assert round_half_up(-2.5) == -3
    assert round_half_up(0.05, 1) == Decimal("0.1")
    assert str(round_half_up(-0.04, 1)) == "0.0"
    with pytest.raises(TypeError):
        to_decimal(True)
    with pytest.raises(ValueError):
        to_decimal("1.500,5")  # Vietnamese form is for reading input, not for the report
