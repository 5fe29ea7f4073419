"""Numbers and dates as an English reader writes them: ``1,500``, ``51.7%``, ``6 June 2023``.

The rules (half-up rounding, "about / over" for prose, "more than" for counts from 100)
are the reporting rules of :mod:`.numbers_vi`; only the words and Babel's English
separators differ.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from dagster_project.report.numbers_vi import (
    ABOUT,
    MISSING,
    OVER,
    Number,
    count_parts,
    format_in_locale,
    round_for_prose,
    round_half_up,
)

LOCALE = "en"
QUALIFIER_EN = {ABOUT: "about", OVER: "over"}


def format_number_en(value: Number | None, decimals: int = 2, missing: str = MISSING) -> str:
    """1234567.5 → "1,234,567.5"."""
    return format_in_locale(value, decimals, LOCALE, missing)


def format_percent_en(value: Number | None, decimals: int = 1, missing: str = MISSING) -> str:
    text = format_number_en(value, decimals, missing=missing)
    return text if text == missing else f"{text}%"


def format_signed_percent_en(value: Number | None, missing: str = MISSING) -> str:
    rounded = round_half_up(value, 1)
    if rounded is None:
        return missing
    return ("+" if rounded > 0 else "") + format_percent_en(rounded)


def quantity_en(value: Number | None, *, estimate: bool = False, missing: str = MISSING) -> str:
    result = round_for_prose(value, estimate=estimate)
    if result is None:
        return missing
    qualifier, figure = result
    text = format_number_en(figure)
    return f"{QUALIFIER_EN[qualifier]} {text}" if qualifier else text


def format_count_en(n: int) -> str:
    more, shown = count_parts(n)
    return ("more than " if more else "") + format_number_en(shown)


def format_date_en(day: date | None, missing: str = MISSING) -> str:
    """2023-06-06 → "6 June 2023" (unambiguous for both day-first and month-first readers)."""
    if day is None:
        return missing
    return format_date(day, "d MMMM y", locale=LOCALE)
