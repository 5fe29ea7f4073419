"""Numbers and dates as a Vietnamese reader writes them, and the reporting rules every
language shares (rounding, prose qualifiers, counts). Pure functions; the English forms
are in :mod:`.numbers_en`.

Rules (the report's whole number style lives here):

* Vietnamese form: thousands separator ``.``, decimal comma: 1500 → ``1.500``,
  1234567.5 → ``1.234.567,5``. Babel's CLDR data for the locale gives the separators
  (:func:`format_in_locale`); the rounding is ours, done before Babel sees the value.
* Rounding is ``ROUND_HALF_UP`` on the *decimal* value: a float is read through its
  shortest repr (``0.05`` is 0.05, not 0.0500000000000000027...), so 0.05 → ``0,1``.
  Halves round away from zero (-0.05 → ``-0,1``), and a result of zero is never
  written ``-0``.
* Trailing zeros of the fraction are dropped: 45.0 → ``45``, 51.70 → ``51,7``.
* Missing values (None, NaN, ±inf) are written :data:`MISSING`.
* Percentages: one decimal: 51.724 → ``51,7%``, 45.047 → ``45%``, 100.0 → ``100%``.
* Tables: up to two decimals (:func:`format_number_vi`'s default).
* Prose quantities (:func:`round_for_prose`): whole units, with a qualifier:

  - the exact value is above the printed one → ``trên`` ("over": 375.3 → ``trên 375``);
  - the exact value is below the printed one → ``khoảng`` ("about": 1499.8 → ``khoảng 1.500``);
  - the exact value is whole → no qualifier (95 → ``95``), except an *estimated* flow
    → ``khoảng``: a sum that will still change is approximate even when it happens
    to be whole (the article's "khoảng 1.500 tỷ đồng");
  - a non-zero value that would print as 0 keeps two decimals instead (0.4 → ``0,4``),
    and ``khoảng`` if even that rounds to zero.

* Counts of enterprises (:func:`format_count_vi`): below 100 exactly; from 100 on,
  ``hơn`` and the count floored to hundreds (213 → ``hơn 200``), unless the count is
  itself a whole hundred (200 → ``200``: "hơn 200" would be false).
* Dates day first without leading zeros: 2023-06-06 → ``6/6/2023``.
"""

from __future__ import annotations

import math
import numbers
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from babel.dates import format_date
from babel.numbers import format_decimal

MISSING = "—"
LOCALE = "vi"

ABOUT = "about"
OVER = "over"
QUALIFIER_VI = {ABOUT: "khoảng", OVER: "trên"}

Number = int | float | Decimal | str


def to_decimal(value: Number | None) -> Decimal | None:
    """The exact decimal a value stands for; None for None, NaN and infinities."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, numbers.Real):  # float, numpy floats: their shortest decimal form
        value = float(value)
        if not math.isfinite(value):
            return None
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"not a machine-form number: {value!r}") from exc
    else:
        raise TypeError(f"not a number: {value!r}")
    return result if result.is_finite() else None


def round_half_up(value: Number | None, decimals: int = 0) -> Decimal | None:
    """Round to ``decimals`` places, halves away from zero; never returns -0."""
    exact = to_decimal(value)
    if exact is None:
        return None
    with localcontext() as ctx:
        ctx.prec = max(50, exact.adjusted() + decimals + 5)
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def format_in_locale(
    value: Number | None, decimals: int, locale: str, missing: str = MISSING
) -> str:
    """``value`` rounded half up to at most ``decimals`` places (trailing zeros dropped),
    written with the locale's separators by Babel. Rounding first means Babel (which would
    round half to even) never rounds: the digits are ours, the punctuation is CLDR's."""
    rounded = round_half_up(value, decimals)
    if rounded is None:
        return missing
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    with localcontext() as ctx:  # Babel quantizes in the current context: room for 1e30
        ctx.prec = max(50, rounded.adjusted() + decimals + 5)
        return format_decimal(rounded, format=pattern, locale=locale)


def format_number_vi(value: Number | None, decimals: int = 2, missing: str = MISSING) -> str:
    """1234567.5 → "1.234.567,5"; at most ``decimals`` decimals, trailing zeros dropped."""
    return format_in_locale(value, decimals, LOCALE, missing)


def format_percent_vi(value: Number | None, decimals: int = 1, missing: str = MISSING) -> str:
    """51.724 → "51,7%", 45.047 → "45%" (the value is already in percent)."""
    text = format_number_vi(value, decimals, missing=missing)
    return text if text == missing else f"{text}%"


def format_signed_percent_vi(value: Number | None, missing: str = MISSING) -> str:
    """A change: 8.72 → "+8,7%", -3.25 → "-3,3%", 0.04 → "0%"."""
    rounded = round_half_up(value, 1)
    if rounded is None:
        return missing
    return ("+" if rounded > 0 else "") + format_percent_vi(rounded)


def round_for_prose(
    value: Number | None, *, estimate: bool = False
) -> tuple[str | None, Decimal] | None:
    """(qualifier, figure) for a quantity in a sentence; see the module docstring.

    ``qualifier`` is :data:`ABOUT`, :data:`OVER` or None; ``estimate`` should be true
    only for an estimated flow (a sum that will still change), not for a count of things.
    """
    exact = to_decimal(value)
    if exact is None:
        return None
    rounded = round_half_up(exact, 0)
    if rounded == 0 and exact != 0:
        rounded = round_half_up(exact, 2)
        if rounded == 0:
            return ABOUT, rounded
    if exact > rounded:
        return OVER, rounded
    if exact < rounded:
        return ABOUT, rounded
    # An estimated sum is approximate even when it happens to be whole ("khoảng 1.500").
    if estimate and rounded != 0:
        return ABOUT, rounded
    return None, rounded


def quantity_vi(value: Number | None, *, estimate: bool = False, missing: str = MISSING) -> str:
    """1500 (estimate) → "khoảng 1.500", 375.3 → "trên 375", 95 → "95"."""
    result = round_for_prose(value, estimate=estimate)
    if result is None:
        return missing
    qualifier, figure = result
    text = format_number_vi(figure)
    return f"{QUALIFIER_VI[qualifier]} {text}" if qualifier else text


def count_parts(n: int) -> tuple[bool, int]:
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    if n >= 100 and n % 100:
        return True, n // 100 * 100
    return False, n


def format_count_vi(n: int) -> str:
    """15 → "15", 213 → "hơn 200", 200 → "200", 1250 → "hơn 1.200"."""
    more, shown = count_parts(n)
    return ("hơn " if more else "") + format_number_vi(shown)


def format_date_vi(day: date | None, missing: str = MISSING) -> str:
    """2023-06-06 → "6/6/2023" (day first, no leading zeros)."""
    if day is None:
        return missing
    return format_date(day, "d/M/y", locale=LOCALE)
