"""Pandera contracts for submissions and reference files: every check in one place.

A contract is built from small rule factories and the reference data it needs. A
`Rule` names its check, the input column a failure is reported against, and a Polars
expression that is true where a row passes; `CHECKS` holds each check's English and
Vietnamese message. Rules read *typed* columns, which `TableContract.prepare` parses
once (`typed("value")` is the Decimal parsed from the text in `value`), so a check is
a cheap vectorised expression and the loaders write the same typed values.

Warnings never reject a row. `WARNINGS` holds the messages of those found in Python
(text typed in a legacy Vietnamese encoding, `row_warnings.py`); the plausibility
checks that need history or the registry (a unit outside its active dates, a value 10×
its recent months, a parent that disagrees with its children) are SQL, in dbt's
`quality.warnings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandera.polars as pa
import polars as pl

from dagster_project.catalog import codes
from dagster_project.catalog.tables import raw_table
from dagster_project.ingest.read.parsing import (
    VALUE_BOUND,
    VALUE_DECIMALS,
    clean_code,
    clean_text,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_integer,
    parse_month,
    parse_number,
    parse_status,
)

# The code lists are the registry's (catalog/codes.py).
KINDS = codes.INDICATOR_KINDS
UNIT_TYPES = codes.UNIT_TYPES
FREQUENCIES = codes.FREQUENCIES
INDICATOR_CODE_PATTERN = r"^[A-Z][A-Z0-9_]*$"
TAX_CODE_PATTERN = r"^[0-9]{10}(-[0-9]{3})?$"
YEAR_MIN, YEAR_MAX = 1900, 2100
FILE_PATH = "file_path"
ROW_NUMBER = "row_number"


@dataclass(frozen=True)
class Message:
    en: str
    vi: str


_NUMBER_HINT_EN = "write 1500.5 or 1.500,5 (a dot followed by three digits separates thousands)"
_NUMBER_HINT_VI = "hãy viết 1500.5 hoặc 1.500,5 (dấu chấm trước ba chữ số là dấu phân cách nghìn)"
_BOUND_EN = "1,000,000,000,000,000 (10^15)"
_BOUND_VI = "1.000.000.000.000.000 (10^15)"
_ROUNDED_EN = (
    f"{{column}} is not 0 but rounds to 0: numbers keep {VALUE_DECIMALS} decimals; "
    "check the number and its unit of measure"
)
_ROUNDED_VI = (
    f"{{column}} khác 0 nhưng được làm tròn thành 0: số liệu chỉ giữ {VALUE_DECIMALS} chữ số "
    "thập phân; hãy kiểm tra lại số và đơn vị tính"
)
_DATE_HINT_EN = "write 2023-06-06 or 6/6/2023 (day first)"
_DATE_HINT_VI = "hãy viết 2023-06-06 hoặc 6/6/2023 (ngày trước)"

CHECKS: dict[str, Message] = {
    # submissions
    "unit_code_known": Message(
        "unit code is missing or not in the registry (reference/reporting_units.csv)",
        "mã đơn vị bị trống hoặc không có trong danh sách đơn vị báo cáo",
    ),
    "indicator_code_known": Message(
        "indicator code is missing or not in the catalogue (reference/indicators.csv)",
        "mã chỉ tiêu bị trống hoặc không có trong danh mục chỉ tiêu",
    ),
    "indicator_not_ratio": Message(
        "a ratio is derived from its numerator and denominator: submit the parts, not the ratio",
        "chỉ tiêu tỷ lệ được tính từ tử số và mẫu số: hãy báo cáo hai thành phần, không báo tỷ lệ",
    ),
    "period_is_month": Message(
        "period is missing or not a month: write 2023-06 or 06/2023",
        "kỳ báo cáo bị trống hoặc không phải một tháng: hãy viết 2023-06 hoặc 06/2023",
    ),
    "value_is_number": Message(
        f"value is missing or not a number: {_NUMBER_HINT_EN}",
        f"giá trị bị trống hoặc không phải số: {_NUMBER_HINT_VI}",
    ),
    "value_non_negative": Message("value must be ≥ 0", "giá trị phải ≥ 0"),
    "value_within_bound": Message(
        f"value is too large: it must be below {_BOUND_EN} in absolute value; "
        "check the number and its unit of measure",
        f"giá trị quá lớn: phải nhỏ hơn {_BOUND_VI} (tính theo giá trị tuyệt đối); "
        "hãy kiểm tra lại số và đơn vị tính",
    ),
    "value_not_rounded_to_zero": Message(
        _ROUNDED_EN.format(column="value"), _ROUNDED_VI.format(column="giá trị")
    ),
    "status_known": Message(
        "status must be actual or estimate (thực hiện / ước)",
        "trạng thái phải là thực hiện hoặc ước (actual / estimate)",
    ),
    "as_of_is_date": Message(
        f"as_of is not a date: {_DATE_HINT_EN}",
        f"ngày tính đến không phải ngày hợp lệ: {_DATE_HINT_VI}",
    ),
    "as_of_in_period": Message(
        "as_of must lie inside the month of the period",
        "ngày tính đến phải nằm trong tháng của kỳ báo cáo",
    ),
    "submitted_at_is_datetime": Message(
        "submitted_at is not a date or date-time: write 2023-07-05 10:30 or 2023-07-05",
        "ngày gửi không phải ngày giờ hợp lệ: hãy viết 2023-07-05 10:30 hoặc 2023-07-05",
    ),
    "key_unique_in_file": Message(
        "the same unit, period and indicator appear more than once in this file; "
        "all copies are rejected",
        "cùng đơn vị, kỳ và chỉ tiêu xuất hiện nhiều lần trong tệp; tất cả các dòng đều bị loại",
    ),
    "ratio_part_not_above_whole": Message(
        "this value is larger than the denominator of its ratio for the same unit and month "
        "in this file",
        "giá trị lớn hơn mẫu số của tỷ lệ tương ứng cho cùng đơn vị và tháng trong tệp",
    ),
    # lines of a CSV file that are not records (csv_reader.MalformedLine); column `*`
    "csv_line_too_many_fields": Message(
        "this line has more values than the header has columns, so it is not loaded: a "
        "number with a decimal comma (1,5) must be in double quotes, or there is one "
        "separator too many",
        "dòng này có nhiều giá trị hơn số cột của dòng tiêu đề nên không được ghi nhận: số "
        "có dấu phẩy thập phân (1,5) phải đặt trong dấu ngoặc kép, hoặc dòng thừa dấu "
        "phân cách",
    ),
    "csv_line_bad_quotes": Message(
        'the double quotes (") of this line do not pair up, so it is not loaded: a quoted '
        "value must end with a quote just before the separator, and a quote inside a "
        'value is written twice ("")',
        'dấu ngoặc kép (") trong dòng này không khớp nhau nên dòng không được ghi nhận: '
        "giá trị trong ngoặc kép phải kết thúc bằng dấu ngoặc kép ngay trước dấu phân "
        'cách, và dấu ngoặc kép bên trong giá trị phải viết hai lần ("")',
    ),
    "xlsx_formula_without_value": Message(
        "the cell holds a formula with no saved result, so the row is not loaded: type the "
        "number, or open and save the file in Excel",
        "ô này chứa công thức nhưng chưa có kết quả được lưu nên dòng không được ghi nhận: "
        "hãy nhập số trực tiếp, hoặc mở tệp bằng Excel rồi lưu lại",
    ),
    # reference/indicators.csv
    "indicator_code_format": Message(
        "indicator code must be upper-case letters, digits and _ and start with a letter",
        "mã chỉ tiêu phải gồm chữ in hoa, chữ số và _, bắt đầu bằng chữ cái",
    ),
    "indicator_code_unique": Message(
        "indicator code appears more than once; all copies are rejected",
        "mã chỉ tiêu bị trùng; tất cả các dòng đều bị loại",
    ),
    "kind_known": Message(
        "kind must be flow, stock or ratio", "loại chỉ tiêu phải là flow, stock hoặc ratio"
    ),
    "ratio_numerator_known": Message(
        "a ratio needs a numerator_code that is an indicator in the catalogue",
        "chỉ tiêu tỷ lệ cần numerator_code là một chỉ tiêu có trong danh mục",
    ),
    "ratio_denominator_known": Message(
        "a ratio needs a denominator_code that is an indicator in the catalogue",
        "chỉ tiêu tỷ lệ cần denominator_code là một chỉ tiêu có trong danh mục",
    ),
    "parent_known": Message(
        "parent_code must be another indicator in the catalogue",
        "parent_code phải là một chỉ tiêu khác có trong danh mục",
    ),
    "parent_not_in_cycle": Message(
        "parent_code leads back to this indicator (a cycle such as A → B → A): a roll-up "
        "would count values more than once; give the chain a top",
        "parent_code dẫn ngược về chính chỉ tiêu này (vòng lặp, ví dụ A → B → A): số tổng "
        "hợp sẽ bị cộng lặp; hãy sửa để chuỗi chỉ tiêu cha có điểm đầu",
    ),
    "parent_not_ratio": Message(
        "parent_code must not be a ratio: a ratio cannot be the sum of other indicators",
        "parent_code không được là chỉ tiêu tỷ lệ: tỷ lệ không phải tổng của các chỉ tiêu khác",
    ),
    "ratio_has_no_parent": Message(
        "a ratio cannot have a parent_code: ratios are not summed into a total",
        "chỉ tiêu tỷ lệ không được có parent_code: tỷ lệ không được cộng vào chỉ tiêu tổng",
    ),
    "parent_same_kind": Message(
        "parent_code must be an indicator of the same kind (flow or stock) as this one",
        "parent_code phải là chỉ tiêu cùng loại (flow hoặc stock) với chỉ tiêu này",
    ),
    "parent_same_unit": Message(
        "parent_code must be an indicator with the same unit of measure as this one",
        "parent_code phải là chỉ tiêu có cùng đơn vị tính với chỉ tiêu này",
    ),
    "higher_is_better_is_boolean": Message(
        "higher_is_better must be true or false", "higher_is_better phải là true hoặc false"
    ),
    # reference/reporting_units.csv
    "unit_code_present": Message("unit code is missing", "thiếu mã đơn vị"),
    "unit_code_unique": Message(
        "unit code appears more than once; all copies are rejected",
        "mã đơn vị bị trùng; tất cả các dòng đều bị loại",
    ),
    "unit_type_known": Message(
        "unit_type must be enterprise or agency", "unit_type phải là enterprise hoặc agency"
    ),
    "activities_present": Message(
        "activities must list at least one activity code (separated by ;)",
        "activities phải có ít nhất một mã lĩnh vực (ngăn cách bằng ;)",
    ),
    "tax_code_format": Message(
        "tax code must be 10 digits, or 10 digits - 3 digits for a branch",
        "mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số - 3 chữ số đối với chi nhánh",
    ),
    "active_from_is_date": Message(
        f"active_from is missing or not a date: {_DATE_HINT_EN}",
        f"active_from bị trống hoặc không phải ngày: {_DATE_HINT_VI}",
    ),
    "active_to_is_date": Message(
        f"active_to is not a date: {_DATE_HINT_EN}",
        f"active_to không phải ngày: {_DATE_HINT_VI}",
    ),
    "active_dates_ordered": Message(
        "active_from must not be after active_to", "active_from không được sau active_to"
    ),
    "province_code_present": Message("province code is missing", "thiếu mã tỉnh"),
    # reference/plans.csv
    "year_is_year": Message(
        f"year must be a whole year between {YEAR_MIN} and {YEAR_MAX}",
        f"năm phải là số năm từ {YEAR_MIN} đến {YEAR_MAX}",
    ),
    "plan_value_is_number": Message(
        f"plan_value is missing or not a number: {_NUMBER_HINT_EN}",
        f"plan_value bị trống hoặc không phải số: {_NUMBER_HINT_VI}",
    ),
    "plan_value_non_negative": Message("plan_value must be ≥ 0", "plan_value phải ≥ 0"),
    "plan_value_within_bound": Message(
        f"plan_value is too large: it must be below {_BOUND_EN} in absolute value; "
        "check the number and its unit of measure",
        f"plan_value quá lớn: phải nhỏ hơn {_BOUND_VI} (tính theo giá trị tuyệt đối); "
        "hãy kiểm tra lại số và đơn vị tính",
    ),
    "plan_value_not_rounded_to_zero": Message(
        _ROUNDED_EN.format(column="plan_value"), _ROUNDED_VI.format(column="plan_value")
    ),
    "plan_key_unique": Message(
        "the same year, province, indicator, plan_source and revised_on appear more than "
        "once; all copies are rejected",
        "cùng năm, tỉnh, chỉ tiêu, plan_source và revised_on xuất hiện nhiều lần; "
        "tất cả các dòng đều bị loại",
    ),
    "revised_on_is_date": Message(
        f"revised_on is not a date: {_DATE_HINT_EN}",
        f"revised_on không phải ngày: {_DATE_HINT_VI}",
    ),
    # reference/provinces.csv
    "province_code_unique": Message(
        "province code appears more than once; all copies are rejected",
        "mã tỉnh bị trùng; tất cả các dòng đều bị loại",
    ),
    "valid_from_is_date": Message(
        f"valid_from is not a date: {_DATE_HINT_EN}", f"valid_from không phải ngày: {_DATE_HINT_VI}"
    ),
    "valid_to_is_date": Message(
        f"valid_to is not a date: {_DATE_HINT_EN}", f"valid_to không phải ngày: {_DATE_HINT_VI}"
    ),
    "valid_dates_ordered": Message(
        "valid_from must not be after valid_to", "valid_from không được sau valid_to"
    ),
    "successor_known": Message(
        "successor_code must be another province in this file",
        "successor_code phải là một tỉnh khác có trong tệp",
    ),
    # reference/reporting_calendar.csv
    "activity_present": Message("activity is missing", "thiếu mã lĩnh vực (activity)"),
    "activity_unique": Message(
        "activity appears more than once; all copies are rejected",
        "mã lĩnh vực (activity) bị trùng; tất cả các dòng đều bị loại",
    ),
    "frequency_known": Message(
        "frequency must be monthly, quarterly, half_yearly or yearly",
        "tần suất (frequency) phải là monthly, quarterly, half_yearly hoặc yearly",
    ),
    "deadline_day_in_month": Message(
        "deadline_day must be a whole number from 1 to 31 (a day past the month's end "
        "means its last day)",
        "deadline_day phải là số nguyên từ 1 đến 31 (ngày vượt quá cuối tháng được hiểu "
        "là ngày cuối tháng)",
    ),
    "deadline_months_after_valid": Message(
        "deadline_months_after must be a whole number ≥ 0 (months after the period ends; "
        "0 = the month the period ends)",
        "deadline_months_after phải là số nguyên ≥ 0 (số tháng sau khi kỳ báo cáo kết thúc; "
        "0 = ngay tháng kết thúc kỳ)",
    ),
    # reference/validation_rules.csv
    "rule_code_present": Message("rule_code is missing", "thiếu mã quy tắc (rule_code)"),
    "rule_code_unique": Message(
        "rule code appears more than once; all copies are rejected",
        "mã quy tắc bị trùng; tất cả các dòng đều bị loại",
    ),
    "rule_side_is_sum": Message(
        "a side must be one indicator code or codes joined by + (POSTAL_REVENUE + TELECOM_REVENUE)",
        "mỗi vế phải là một mã chỉ tiêu hoặc các mã nối bằng dấu + "
        "(POSTAL_REVENUE + TELECOM_REVENUE)",
    ),
    "rule_codes_known": Message(
        "every code of a side must be an indicator in the catalogue (reference/indicators.csv)",
        "mọi mã trong một vế phải là chỉ tiêu có trong danh mục chỉ tiêu",
    ),
    "operator_known": Message(
        "operator must be one of <=, <, =, >=, >", "phép so sánh phải là <=, <, =, >= hoặc >"
    ),
    "importance_known": Message(
        "importance must be low, medium or high (blank: medium)",
        "mức độ quan trọng phải là low, medium hoặc high (để trống: medium)",
    ),
    "tolerance_pct_is_number": Message(
        f"tolerance_pct is not a number: {_NUMBER_HINT_EN}",
        f"tolerance_pct không phải số: {_NUMBER_HINT_VI}",
    ),
    "tolerance_pct_non_negative": Message("tolerance_pct must be ≥ 0", "tolerance_pct phải ≥ 0"),
    # reference/reviews.csv
    "decision_known": Message(
        "decision must be accept or reject", "quyết định phải là accept hoặc reject"
    ),
    "reviewer_present": Message("reviewer is missing", "thiếu người rà soát (reviewer)"),
    "reviewed_on_is_date": Message(
        f"reviewed_on is missing or not a date: {_DATE_HINT_EN}",
        f"reviewed_on bị trống hoặc không phải ngày: {_DATE_HINT_VI}",
    ),
}


_LEGACY_FIX_EN = "retype it with a Unicode font or convert it to Unicode (e.g. Unikey's converter)"
_LEGACY_FIX_VI = "hãy gõ lại bằng phông Unicode hoặc chuyển mã sang Unicode (ví dụ bằng Unikey)"

# Warnings found in Python; `{reading}` is the text as it probably reads, or empty.
WARNINGS: dict[str, Message] = {
    "text_in_tcvn3": Message(
        "this text looks typed in the legacy TCVN3 (ABC) encoding (.Vn fonts), not in "
        f"Unicode{{reading}}: {_LEGACY_FIX_EN}",
        "văn bản có vẻ được gõ bằng bảng mã cũ TCVN3 (ABC) (phông .Vn...), không phải "
        f"Unicode{{reading}}: {_LEGACY_FIX_VI}",
    ),
    "text_in_vni": Message(
        "this text looks typed in the legacy VNI encoding (VNI fonts), not in "
        f"Unicode{{reading}}: {_LEGACY_FIX_EN}",
        "văn bản có vẻ được gõ bằng bảng mã cũ VNI (phông VNI-...), không phải "
        f"Unicode{{reading}}: {_LEGACY_FIX_VI}",
    ),
    "text_in_tcvn3_or_vni": Message(
        "this text looks typed in a legacy encoding (TCVN3/ABC or VNI), not in "
        f"Unicode{{reading}}: {_LEGACY_FIX_EN}",
        "văn bản có vẻ được gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI), không phải "
        f"Unicode{{reading}}: {_LEGACY_FIX_VI}",
    ),
}
READING_EN = '; it probably reads "{}"'
READING_VI = '; có lẽ là "{}"'


def typed(column: str) -> str:
    """Name of the typed column parsed from the text column `column`."""
    return f"{column}::typed"


def _t(column: str) -> pl.Expr:
    return pl.col(typed(column))


def _key(column: str) -> pl.Expr:
    """A grouping key: `file_path` as is, any other column typed."""
    return pl.col(FILE_PATH) if column == FILE_PATH else _t(column)


def _blank(column: str) -> pl.Expr:
    return clean_text(pl.col(column)).is_null()


@dataclass(frozen=True)
class Rule:
    """One named check: where it reports, and which rows pass (true, never null)."""

    check: str
    column: str
    passes: pl.Expr


def _rule(check: str, column: str, passes: pl.Expr) -> Rule:
    if check not in CHECKS:
        raise KeyError(f"check {check!r} has no message in CHECKS")
    return Rule(check, column, passes.fill_null(False))


# --- rule factories -----------------------------------------------------------------


def required(check: str, column: str) -> Rule:
    """The value is given and parses."""
    return _rule(check, column, _t(column).is_not_null())


def parses_if_given(check: str, column: str) -> Rule:
    """The value is optional; when given it parses."""
    return _rule(check, column, _blank(column) | _t(column).is_not_null())


def matches(check: str, column: str, pattern: str, *, optional: bool = False) -> Rule:
    ok = _t(column).str.contains(pattern)
    return _rule(check, column, (_blank(column) | ok) if optional else ok)


def member(check: str, column: str, known: Iterable[str]) -> Rule:
    """The typed value is one of `known` (a missing value fails)."""
    return _rule(check, column, _t(column).is_in(sorted(known)))


def not_member(check: str, column: str, excluded: Iterable[str]) -> Rule:
    return _rule(check, column, ~_t(column).is_in(sorted(excluded)).fill_null(False))


def at_least(check: str, column: str, minimum: int) -> Rule:
    """Passes when the number is ≥ minimum, or when it did not parse (reported elsewhere)."""
    return _rule(check, column, _t(column).is_null() | (_t(column) >= minimum))


def below_magnitude(check: str, column: str, bound: Decimal) -> Rule:
    """|number| < bound, or the number did not parse (reported elsewhere)."""
    return _rule(check, column, _t(column).is_null() | (_t(column).abs() < bound))


def not_rounded_to_zero(check: str, column: str) -> Rule:
    """A number written with a non-zero digit did not become 0 in rounding."""
    lost = (_t(column) == 0) & pl.col(column).str.contains("[1-9]")
    return _rule(check, column, ~lost.fill_null(False))


def between(check: str, column: str, low: int, high: int) -> Rule:
    return _rule(check, column, _t(column).is_between(low, high))


def ordered(check: str, column: str, first: str, last: str) -> Rule:
    """`first` ≤ `last` when both parsed."""
    return _rule(check, column, _t(first).is_null() | _t(last).is_null() | (_t(first) <= _t(last)))


def unique_by(check: str, column: str, keys: Sequence[str], *, required: Sequence[str]) -> Rule:
    """No other row has the same typed keys; rows missing a `required` key pass here."""
    some_missing = pl.any_horizontal(_t(key).is_null() for key in required)
    alone = pl.len().over([_key(key) for key in keys]) == 1
    return _rule(check, column, some_missing | alone)


def reference_to(
    check: str, column: str, known: Iterable[str], *, self_column: str | None = None
) -> Rule:
    """Empty, or a code in `known` (and not the row's own code)."""
    ok = _t(column).is_in(sorted(known))
    if self_column is not None:
        ok = ok & (_t(column) != _t(self_column))
    return _rule(check, column, _blank(column) | ok)


def required_when(check: str, column: str, condition: pl.Expr, known: Iterable[str]) -> Rule:
    """Where `condition` holds, the code must be in `known`."""
    ok = _t(column).is_in(sorted(known)).fill_null(False)
    return _rule(check, column, pl.when(condition).then(ok).otherwise(pl.lit(True)))


def within_month(check: str, column: str, month_column: str) -> Rule:
    """The date lies in the month that starts at `month_column` (both parsed)."""
    day, month = _t(column), _t(month_column)
    inside = (day >= month) & (day <= month.dt.month_end())
    return _rule(check, column, day.is_null() | month.is_null() | inside)


def part_not_above_whole(
    check: str,
    column: str,
    pairs: Sequence[tuple[str, str]],
    *,
    code: str,
    group: Sequence[str],
) -> Rule:
    """For each (part, whole) code pair: a part's value ≤ the whole's value in its group."""
    value, code_expr = _t(column), _t(code)
    over = [_key(key) for key in group]
    violations = [
        (
            (code_expr == part) & (value > value.filter(code_expr == whole).max().over(over))
        ).fill_null(False)
        for part, whole in pairs
    ]
    return _rule(check, column, ~pl.any_horizontal(violations) if violations else pl.lit(True))


@dataclass(frozen=True)
class ParentFacts:
    """What the parent rules need to know of every indicator in the file."""

    kinds: Mapping[str, str]  # code → kind as written (lower-case)
    units: Mapping[str, str]  # code → unit of measure, lower-case ("" when blank)
    in_cycle: frozenset[str]  # codes whose parent_code chain leads back to themselves


NO_PARENT_FACTS = ParentFacts(kinds={}, units={}, in_cycle=frozenset())
_SUMMABLE = ("flow", "stock")


def _unit_key(expr: pl.Expr) -> pl.Expr:
    return clean_text(expr).str.to_lowercase().fill_null("")


def _parent_fact(facts: Mapping[str, str]) -> pl.Expr:
    """The parent's fact; null when there is no parent or it is not in the file."""
    return _t("parent_code").replace_strict(dict(facts), default=None, return_dtype=pl.String)


def parent_rules(facts: ParentFacts) -> tuple[Rule, ...]:
    """A parent is the sum of its children: no cycles, no ratios, same kind and unit.

    A parent that is not in the file is `parent_known`'s to report, so these pass it.
    """
    kind, parent_kind = _t("kind"), _parent_fact(facts.kinds)
    parent_unit = _parent_fact(facts.units)
    has_parent = _t("parent_code").is_not_null()
    return (
        _rule(
            "parent_not_in_cycle",
            "parent_code",
            ~_t("indicator_code").is_in(sorted(facts.in_cycle)).fill_null(False),
        ),
        _rule("parent_not_ratio", "parent_code", parent_kind.is_null() | (parent_kind != "ratio")),
        _rule(
            "ratio_has_no_parent", "parent_code", ~has_parent | (kind != "ratio").fill_null(True)
        ),
        _rule(
            "parent_same_kind",
            "parent_code",
            ~(
                parent_kind.is_in(_SUMMABLE) & kind.is_in(_SUMMABLE) & (parent_kind != kind)
            ).fill_null(False),
        ),
        _rule(
            "parent_same_unit",
            "parent_code",
            parent_unit.is_null() | (parent_unit == _unit_key(pl.col("unit"))),
        ),
    )


def _parent_known(known: Iterable[str], facts: ParentFacts) -> Rule:
    """`reference_to` for parent_code, except on a cycle: those rows have their own
    reason (`parent_not_in_cycle`), and their parents drop out of `known` only because
    of it."""
    rule = reference_to("parent_known", "parent_code", known, self_column="indicator_code")
    on_cycle = _t("indicator_code").is_in(sorted(facts.in_cycle)).fill_null(False)
    return _rule(rule.check, rule.column, rule.passes | on_cycle)


def codes_in_parent_cycles(parents: Iterable[tuple[str, str | None]]) -> frozenset[str]:
    """Codes from which following `parent_code` comes back to the same code.

    `parents` are (code, parent_code) pairs; a code listed twice keeps both parents (the
    duplicates are rejected anyway, and a cycle through either is still a cycle). A code
    that is its own parent is left to `parent_known`, which already rejects it.
    """
    graph: dict[str, set[str]] = {}
    for code, parent in parents:
        if code is not None and parent is not None and parent != code:
            graph.setdefault(code, set()).add(parent)
    cyclic: set[str] = set()
    for start in graph:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            code = todo.pop()
            if code == start:
                cyclic.add(start)
                break
            if code not in seen:
                seen.add(code)
                todo.extend(graph.get(code, ()))
    return frozenset(cyclic)


# --- contracts --------------------------------------------------------------------


Parse = Callable[[pl.Expr], pl.Expr]


@dataclass(frozen=True)
class ByDistinct:
    """A costly parser (regex, dates) for a repetitive column: each distinct text is
    parsed once and joined back, which is ~50× faster on a million rows of months."""

    parse: Parse


Parser = Parse | ByDistinct


@dataclass(frozen=True)
class TableContract:
    """How to type a table's text columns, and the rules its rows must pass."""

    name: str
    parsers: Mapping[str, Parser]
    rules: tuple[Rule, ...]
    # The column whose typed value says which unit a row is from (for rejected rows).
    unit_column: str | None = None

    def prepare(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Add the typed column beside each text column (the text is kept as evidence)."""
        direct = {c: p for c, p in self.parsers.items() if not isinstance(p, ByDistinct)}
        frame = frame.with_columns(
            parse(pl.col(column)).alias(typed(column)) for column, parse in direct.items()
        )
        for column, parser in self.parsers.items():
            if isinstance(parser, ByDistinct):
                texts = frame.select(pl.col(column).unique())
                parsed = texts.with_columns(parser.parse(pl.col(column)).alias(typed(column)))
                frame = frame.join(
                    parsed, on=column, how="left", nulls_equal=True, maintain_order="left"
                )
        return frame

    def schema(self) -> pa.DataFrameSchema:
        """The Pandera schema that validates a prepared frame."""
        by_column: dict[str, list[pa.Check]] = {}
        for rule in self.rules:
            by_column.setdefault(rule.column, []).append(_pandera_check(rule))
        return pa.DataFrameSchema(
            {
                column: pa.Column(pl.String, nullable=True, checks=checks)
                for column, checks in by_column.items()
            },
            name=self.name,
            strict=False,
            coerce=False,
        )

    def typed_columns(self, columns: Sequence[str]) -> list[pl.Expr]:
        """Typed values under their plain names, for writing a `raw` table."""
        return [_t(column).alias(column) for column in columns]


def _pandera_check(rule: Rule) -> pa.Check:
    expr = rule.passes
    return pa.Check(
        lambda data: data.lazyframe.select(expr.alias(rule.check)),
        name=rule.check,
        ignore_na=False,
    )


@dataclass(frozen=True)
class Catalogue:
    """What submissions are checked against: the accepted reference data."""

    unit_codes: frozenset[str]
    indicator_kinds: Mapping[str, str]  # code → flow / stock / ratio
    ratio_parts: tuple[tuple[str, str], ...]  # (numerator, denominator) per ratio

    @property
    def indicator_codes(self) -> frozenset[str]:
        return frozenset(self.indicator_kinds)

    @property
    def ratio_codes(self) -> frozenset[str]:
        return frozenset(code for code, kind in self.indicator_kinds.items() if kind == "ratio")


def _lower(expr: pl.Expr) -> pl.Expr:
    return clean_text(expr).str.to_lowercase()


def code_list(expr: pl.Expr) -> pl.Expr:
    """`postal; internet;` → `postal;internet`; null when nothing is listed."""
    parts = (
        clean_text(expr)
        .str.split(";")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element().str.len_chars() > 0))
    )
    return clean_text(parts.list.join(";"))


def _bool_default_true(expr: pl.Expr) -> pl.Expr:
    return pl.when(clean_text(expr).is_null()).then(pl.lit(True)).otherwise(parse_bool(expr))


def submission_contract(catalogue: Catalogue) -> TableContract:
    """Rows of submission files (all files at once: keys include `file_path`)."""
    return TableContract(
        name="submissions",
        parsers=parsers_for("submission_values"),
        unit_column="unit_code",
        rules=(
            member("unit_code_known", "unit_code", catalogue.unit_codes),
            member("indicator_code_known", "indicator_code", catalogue.indicator_codes),
            not_member("indicator_not_ratio", "indicator_code", catalogue.ratio_codes),
            required("period_is_month", "period"),
            required("value_is_number", "value"),
            at_least("value_non_negative", "value", 0),
            below_magnitude("value_within_bound", "value", VALUE_BOUND),
            not_rounded_to_zero("value_not_rounded_to_zero", "value"),
            required("status_known", "status"),
            parses_if_given("as_of_is_date", "as_of"),
            within_month("as_of_in_period", "as_of", "period"),
            parses_if_given("submitted_at_is_datetime", "submitted_at"),
            unique_by(
                "key_unique_in_file",
                "indicator_code",
                [FILE_PATH, "unit_code", "period", "indicator_code"],
                required=["unit_code", "period", "indicator_code"],
            ),
            part_not_above_whole(
                "ratio_part_not_above_whole",
                "value",
                catalogue.ratio_parts,
                code="indicator_code",
                group=[FILE_PATH, "unit_code", "period"],
            ),
        ),
    )


def indicators_contract(
    known_codes: Iterable[str], parents: ParentFacts = NO_PARENT_FACTS
) -> TableContract:
    """`reference/indicators.csv`; `known_codes` are the codes references may point to,
    `parents` what the file says of each code (see `parent_rules`)."""
    known = frozenset(known_codes)
    is_ratio = _t("kind") == "ratio"
    return TableContract(
        name="indicators",
        parsers=parsers_for("indicators"),
        rules=(
            matches("indicator_code_format", "indicator_code", INDICATOR_CODE_PATTERN),
            unique_by(
                "indicator_code_unique",
                "indicator_code",
                ["indicator_code"],
                required=["indicator_code"],
            ),
            member("kind_known", "kind", KINDS),
            required_when("ratio_numerator_known", "numerator_code", is_ratio, known),
            required_when("ratio_denominator_known", "denominator_code", is_ratio, known),
            _parent_known(known, parents),
            *parent_rules(parents),
            required("higher_is_better_is_boolean", "higher_is_better"),
        ),
    )


def reporting_units_contract() -> TableContract:
    """`reference/reporting_units.csv`."""
    return TableContract(
        name="reporting_units",
        parsers=parsers_for("reporting_units"),
        rules=(
            required("unit_code_present", "unit_code"),
            unique_by("unit_code_unique", "unit_code", ["unit_code"], required=["unit_code"]),
            member("unit_type_known", "unit_type", UNIT_TYPES),
            required("province_code_present", "province_code"),
            required("activities_present", "activities"),
            matches("tax_code_format", "tax_code", TAX_CODE_PATTERN, optional=True),
            required("active_from_is_date", "active_from"),
            parses_if_given("active_to_is_date", "active_to"),
            ordered("active_dates_ordered", "active_to", "active_from", "active_to"),
        ),
    )


def plans_contract(indicator_codes: Iterable[str]) -> TableContract:
    """`reference/plans.csv`, against the accepted indicator codes."""
    return TableContract(
        name="plans",
        parsers=parsers_for("plans"),
        rules=(
            between("year_is_year", "year", YEAR_MIN, YEAR_MAX),
            required("province_code_present", "province_code"),
            member("indicator_code_known", "indicator_code", indicator_codes),
            required("plan_value_is_number", "plan_value"),
            at_least("plan_value_non_negative", "plan_value", 0),
            below_magnitude("plan_value_within_bound", "plan_value", VALUE_BOUND),
            not_rounded_to_zero("plan_value_not_rounded_to_zero", "plan_value"),
            parses_if_given("revised_on_is_date", "revised_on"),
            unique_by(
                "plan_key_unique",
                "indicator_code",
                ["year", "province_code", "indicator_code", "plan_source", "revised_on"],
                required=["year", "province_code", "indicator_code"],
            ),
        ),
    )


def provinces_contract(known_codes: Iterable[str]) -> TableContract:
    """`reference/provinces.csv` (optional); `known_codes` are valid successors."""
    return TableContract(
        name="provinces",
        parsers=parsers_for("provinces"),
        rules=(
            required("province_code_present", "province_code"),
            unique_by(
                "province_code_unique",
                "province_code",
                ["province_code"],
                required=["province_code"],
            ),
            parses_if_given("valid_from_is_date", "valid_from"),
            parses_if_given("valid_to_is_date", "valid_to"),
            ordered("valid_dates_ordered", "valid_to", "valid_from", "valid_to"),
            reference_to(
                "successor_known", "successor_code", known_codes, self_column="province_code"
            ),
        ),
    )


def reporting_calendar_contract() -> TableContract:
    """`reference/reporting_calendar.csv` (optional): how often an activity reports, by when."""
    return TableContract(
        name="reporting_calendar",
        parsers=parsers_for("reporting_calendar"),
        rules=(
            required("activity_present", "activity"),
            unique_by("activity_unique", "activity", ["activity"], required=["activity"]),
            member("frequency_known", "frequency", FREQUENCIES),
            between("deadline_day_in_month", "deadline_day", 1, 31),
            required("deadline_months_after_valid", "deadline_months_after"),
        ),
    )


# --- validation rules and reviews (Review before publication) ------------------------

RULE_OPERATORS = codes.RULE_OPERATORS
IMPORTANCES = codes.IMPORTANCES
DEFAULT_IMPORTANCE = codes.DEFAULT_IMPORTANCE
DECISIONS = codes.REVIEW_DECISIONS
_CODE = INDICATOR_CODE_PATTERN.strip("^$")
RULE_SIDE_PATTERN = rf"^{_CODE}(\+{_CODE})*$"


def rule_side(expr: pl.Expr) -> pl.Expr:
    """`postal_revenue + Telecom_Revenue` → `POSTAL_REVENUE+TELECOM_REVENUE`; null when the
    text is not a `+`-sum of code-shaped words (so nothing else is ever kept)."""
    squeezed = clean_code(expr).str.replace_all(r"\s+", "")
    return pl.when(squeezed.str.contains(RULE_SIDE_PATTERN)).then(squeezed)


def side_codes_known(check: str, column: str, known: Iterable[str]) -> Rule:
    """Every code of a parsed side is in `known` (an unparsed side fails elsewhere)."""
    codes = _t(column).str.split("+")
    all_known = codes.list.eval(pl.element().is_in(sorted(known))).list.all()
    return _rule(check, column, _t(column).is_null() | all_known)


def _importance(expr: pl.Expr) -> pl.Expr:
    return pl.when(clean_text(expr).is_null()).then(pl.lit(DEFAULT_IMPORTANCE)).otherwise(
        _lower(expr)
    )


def _number_default_zero(expr: pl.Expr) -> pl.Expr:
    zero = pl.lit("0").pipe(parse_number)
    return pl.when(clean_text(expr).is_null()).then(zero).otherwise(parse_number(expr))


def validation_rules_contract(indicator_codes: Iterable[str]) -> TableContract:
    """`reference/validation_rules.csv` (optional), against the accepted indicator codes."""
    known = frozenset(indicator_codes)
    return TableContract(
        name="validation_rules",
        parsers=parsers_for("validation_rules"),
        rules=(
            required("rule_code_present", "rule_code"),
            unique_by("rule_code_unique", "rule_code", ["rule_code"], required=["rule_code"]),
            required("rule_side_is_sum", "left"),
            side_codes_known("rule_codes_known", "left", known),
            member("operator_known", "operator", RULE_OPERATORS),
            required("rule_side_is_sum", "right"),
            side_codes_known("rule_codes_known", "right", known),
            member("importance_known", "importance", IMPORTANCES),
            required("tolerance_pct_is_number", "tolerance_pct"),
            at_least("tolerance_pct_non_negative", "tolerance_pct", 0),
        ),
    )


def reviews_contract(catalogue: Catalogue) -> TableContract:
    """`reference/reviews.csv` (optional), against the accepted units and indicators."""
    return TableContract(
        name="reviews",
        parsers=parsers_for("reviews"),
        unit_column="unit_code",
        rules=(
            member("unit_code_known", "unit_code", catalogue.unit_codes),
            member("indicator_code_known", "indicator_code", catalogue.indicator_codes),
            required("period_is_month", "period"),
            member("decision_known", "decision", DECISIONS),
            required("reviewer_present", "reviewer"),
            required("reviewed_on_is_date", "reviewed_on"),
        ),
    )


# How a file's text becomes a typed value, by the name the registry gives each column
# (`Column.parse`). The costly ones parse each distinct text once (`ByDistinct`).
PARSERS: dict[str, Parser] = {
    "text": clean_text,
    "code": clean_code,
    "lower": _lower,
    "code_list": code_list,
    "month": ByDistinct(parse_month),
    "status": ByDistinct(parse_status),
    "date": ByDistinct(parse_date),
    "datetime": ByDistinct(parse_datetime),
    "integer": parse_integer,
    "number": parse_number,
    "number_or_zero": _number_default_zero,
    "bool": parse_bool,
    "bool_or_true": _bool_default_true,
    "rule_side": rule_side,
    "importance": _importance,
}


def parsers_for(table: str) -> dict[str, Parser]:
    """The parser of each column a file of `table` carries, as the registry names it."""
    return {
        column.name: PARSERS[column.parse]
        for column in raw_table(table).columns
        if column.name not in (FILE_PATH, ROW_NUMBER)
    }
