"""The code lists of the product, with their labels in Vietnamese and English.

A code list's order is meaningful where noted (finest frequency first; statuses in the
order a report lists them). dbt's `_sources.yml` tests the raw columns against these
lists, and the models' YAML its columns (`accepted_values` lines marked `# codes.<LIST>`),
both written by `catalog.generate`; the contracts accept only them.
"""

from __future__ import annotations

# --- reference files --------------------------------------------------------------------

INDICATOR_KINDS = ("flow", "stock", "ratio")
UNIT_TYPES = ("enterprise", "agency")
# How often an activity reports (reference/reporting_calendar.csv), finest first.
FREQUENCIES = ("monthly", "quarterly", "half_yearly", "yearly")
RULE_OPERATORS = ("<=", "<", "=", ">=", ">")
IMPORTANCES = ("low", "medium", "high")
DEFAULT_IMPORTANCE = "medium"
REVIEW_DECISIONS = ("accept", "reject")

# --- submissions and files --------------------------------------------------------------

VALUE_STATUSES = ("actual", "estimate")
FILE_FORMATS = ("csv", "xlsx")
FILE_OUTCOMES = ("loaded", "duplicate", "rejected")

# --- plausibility warnings (quality.warnings.severity) ---------------------------------

SEVERITIES = ("info", "warning", "review")
# The checks behind quality.warnings.check_name: the SQL ones (int_values_checked_for_
# plausibility, int_values_flagged_for_review) and the readers' (ingest/check/row_warnings).
WARNING_CHECKS = (
    "value_scale_jump",
    "revision_jump",
    "rule_failed",
    "parent_differs_from_children",
    "outside_active_dates",
    "text_in_tcvn3",
    "text_in_vni",
    "text_in_tcvn3_or_vni",
)
# Where a validation rule is checked (quality.rule_violations.level): unit x month or
# province x year x period.
RULE_LEVELS = ("unit", "province")

# --- report periods (marts.halfyear_vs_plan.period) -------------------------------------

PERIODS = ("H1", "H2", "FY")
PERIOD_LABEL_VI = {"H1": "6 tháng đầu năm", "H2": "6 tháng cuối năm", "FY": "năm"}
PERIOD_LABEL_EN = {"H1": "first six months", "H2": "last six months", "FY": "year"}

# --- statuses (marts.halfyear_vs_plan.status) -------------------------------------------

STATUS_VI = {
    "ahead": "vượt tiến độ",
    "on_track": "đúng tiến độ",
    "behind": "chậm tiến độ",
    "no_plan": "chưa có kế hoạch",
    "no_data": "chưa có số liệu",
}
STATUS_EN = {
    "ahead": "ahead of pace",
    "on_track": "on track",
    "behind": "behind pace",
    "no_plan": "no plan",
    "no_data": "no data",
}
STATUSES = tuple(STATUS_VI)
BEHIND = "behind"

# The lists a raw column may be tested against, by the name `Column.codes` gives.
CODE_LISTS: dict[str, tuple[str, ...]] = {
    "indicator_kinds": INDICATOR_KINDS,
    "unit_types": UNIT_TYPES,
    "frequencies": FREQUENCIES,
    "rule_operators": RULE_OPERATORS,
    "importances": IMPORTANCES,
    "review_decisions": REVIEW_DECISIONS,
    "value_statuses": VALUE_STATUSES,
    "file_formats": FILE_FORMATS,
    "file_outcomes": FILE_OUTCOMES,
}
