"""The `raw` tables (docs/DESIGN.md, "The raw contract"): each table's columns in order.

From here come the raw DDL (`ingest/tables.py`), the readers' header maps, the reference
files' required columns, the test fixture's DDL and dbt's `_sources.yml` (`generate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dagster_project.catalog.columns import (
    Column,
    bigint,
    boolean,
    date,
    integer,
    text,
    timestamp,
    value,
)

SCHEMA = "raw"
SOURCE_DESCRIPTION = (
    "Written by the Python ingestion (Dagster assets) only: reference data and the "
    "accepted submission rows, plus the quarantine. Text is NFC-normalised and stripped, "
    "codes upper-cased, values DECIMAL(38, 6). See docs/DESIGN.md."
)


@dataclass(frozen=True)
class Table:
    """A raw table. `reference_file` says whether it is read from `raw/reference/<name>.csv`
    and whether that file must be there ("required") or may be absent ("optional")."""

    name: str
    description: str
    columns: tuple[Column, ...]
    reference_file: Literal["required", "optional"] | None = None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{name!r} is not a column of {SCHEMA}.{self.name}")

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]


_ROW_NUMBER = (
    "Row of the file a person sees (CSV line with the header on line 1; spreadsheet row for .xlsx)."
)


def _flagged_cell_columns() -> tuple[Column, ...]:
    """The columns rejected_rows and row_warnings share: one finding on one cell."""
    return (
        text(
            "file_path",
            "Path of the file relative to the raw folder (reference/plans.csv for a "
            "reference file).",
            null=False,
        ),
        integer("row_number", _ROW_NUMBER, null=False),
        text("column_name", "Column of the failed check.", null=False),
        text("value", "The cell's text as sent."),
        text(
            "check_name",
            "The rule the cell failed or was flagged by, e.g. value_is_number, text_in_tcvn3.",
            null=False,
        ),
        text("message", "What is wrong and what was expected, in English.", null=False),
        text("message_vi", "What is wrong and what was expected, in Vietnamese.", null=False),
    )


INDICATORS = Table(
    "indicators",
    "The indicator catalogue (raw/reference/indicators.csv).",
    (
        text(
            "indicator_code",
            "Indicator code as sent, upper-cased, e.g. BCVT_REVENUE.",
            null=False,
            required=True,
            parse="code",
        ),
        text("name_vi", "Vietnamese name of the indicator.", required=True),
        text("name_en", "English name of the indicator."),
        text(
            "sector_code",
            "Sector the indicator belongs to, e.g. postal, telecom, it, printing, admin.",
        ),
        text("unit", "Display unit, e.g. tỷ đồng, trạm, %."),
        text(
            "kind",
            "flow, stock or ratio: how values add up over months and units.",
            null=False,
            required=True,
            codes="indicator_kinds",
            parse="lower",
        ),
        text(
            "numerator_code",
            "For a ratio, the indicator summed as numerator; NULL otherwise.",
            parse="code",
        ),
        text(
            "denominator_code",
            "For a ratio, the indicator summed as denominator; NULL otherwise.",
            parse="code",
        ),
        text(
            "parent_code",
            "The indicator this one is a part of (its values add up to the parent); NULL for "
            "a top-level indicator.",
            parse="code",
        ),
        boolean(
            "higher_is_better",
            "True when a higher value is good news; false inverts ahead/behind.",
            parse="bool_or_true",
        ),
        text(
            "activity",
            "Activity codes (;-separated) of the units that report it; NULL for a parent, "
            "reported through its children.",
            parse="code_list",
        ),
    ),
    reference_file="required",
)

REPORTING_UNITS = Table(
    "reporting_units",
    "The registry of reporting units (raw/reference/reporting_units.csv).",
    (
        text(
            "unit_code",
            "Code of the reporting unit, upper-cased, e.g. VNPT_VP.",
            null=False,
            required=True,
            parse="code",
        ),
        text("name", "Name of the reporting unit."),
        text(
            "unit_type",
            "enterprise or agency.",
            null=False,
            required=True,
            codes="unit_types",
            parse="lower",
        ),
        text("province_code", "Province the unit reports to.", null=False, required=True),
        text(
            "activities",
            "Activity codes the unit reports on, ;-separated.",
            null=False,
            required=True,
            parse="code_list",
        ),
        text("tax_code", "Tax code of an enterprise; NULL for an agency or when not given."),
        date(
            "active_from",
            "First day the unit is expected to report; NULL = always.",
            null=False,
            required=True,
        ),
        date("active_to", "Last day the unit is expected to report; NULL = still active."),
    ),
    reference_file="required",
)

PLANS = Table(
    "plans",
    "Annual plan targets, with revisions and plan sources (raw/reference/plans.csv).",
    (
        integer("year", "Plan year.", null=False, required=True),
        text("province_code", "Province the plan is for.", null=False, required=True),
        text(
            "indicator_code",
            "Indicator the target is for.",
            null=False,
            required=True,
            parse="code",
        ),
        value(
            "plan_value",
            "Annual target (for a stock: the year-end level), in the indicator's unit; exact "
            "decimal.",
            required=True,
        ),
        text("source", "Document the target comes from, as given."),
        text("plan_source", "Who set the target (UBND, HĐND, TW); NULL when not given."),
        date(
            "revised_on",
            "Date of the revision this target belongs to; NULL = the original plan.",
        ),
    ),
    reference_file="required",
)

PROVINCES = Table(
    "provinces",
    "Provinces and their successors (optional raw/reference/provinces.csv; may be empty).",
    (
        text("province_code", "Province code.", null=False, required=True),
        text("name", "Province name.", required=True),
        date("valid_from", "First day the province exists under this code; NULL = always."),
        date("valid_to", "Last day; NULL = still exists."),
        text("successor_code", "Province that took over after a merger; NULL when none."),
    ),
    reference_file="optional",
)

REPORTING_CALENDAR = Table(
    "reporting_calendar",
    "How often each activity reports and by when (optional "
    "raw/reference/reporting_calendar.csv; may be empty).",
    (
        text(
            "activity",
            "Activity code the row is for (lower-case), e.g. it, postal.",
            null=False,
            required=True,
            parse="lower",
        ),
        text(
            "frequency",
            "How often units of that activity report: monthly, quarterly, half_yearly or yearly.",
            null=False,
            required=True,
            codes="frequencies",
            parse="lower",
        ),
        integer(
            "deadline_day", "Day of the month the submission is due.", null=False, required=True
        ),
        integer(
            "deadline_months_after",
            "How many months after the reporting period ends that day falls.",
            null=False,
            required=True,
        ),
    ),
    reference_file="optional",
)

VALIDATION_RULES = Table(
    "validation_rules",
    "Rules between indicators (optional raw/reference/validation_rules.csv; may be empty); "
    "each side is `+`-joined catalogue codes.",
    (
        text("rule_code", "The rule's code, upper-case.", null=False, required=True, parse="code"),
        text("description_vi", "What the rule says, in Vietnamese."),
        text("description_en", "What the rule says, in English."),
        # `+`-joined indicator codes, upper-case, no spaces (checked against the catalogue).
        text(
            "left",
            "The left side: +-joined catalogue codes, upper-case, no spaces.",
            null=False,
            required=True,
            parse="rule_side",
        ),
        text(
            "operator",
            "One of <=, <, =, >=, >.",
            null=False,
            required=True,
            codes="rule_operators",
        ),
        text(
            "right",
            "The right side: +-joined catalogue codes.",
            null=False,
            required=True,
            parse="rule_side",
        ),
        text(
            "importance",
            "low, medium or high (blank in the file: medium).",
            null=False,
            codes="importances",
            parse="importance",
        ),
        value(
            "tolerance_pct",
            "Allowed slack in percent of the right side (blank in the file: 0).",
            parse="number_or_zero",
        ),
    ),
    reference_file="optional",
)

REVIEWS = Table(
    "reviews",
    "A person's decisions on flagged values (optional raw/reference/reviews.csv; may be empty).",
    (
        integer(
            "row_number",
            "The decision's line in reviews.csv (orders decisions of the same day).",
            null=False,
        ),
        text(
            "unit_code",
            "The unit whose value was reviewed.",
            null=False,
            required=True,
            parse="code",
        ),
        text("indicator_code", "The indicator reviewed.", null=False, required=True, parse="code"),
        date("period", "The month reviewed (first day).", null=False, required=True, parse="month"),
        text(
            "decision",
            "accept (the value stands, its flags are cleared) or reject (that version is "
            "excluded).",
            null=False,
            required=True,
            codes="review_decisions",
            parse="lower",
        ),
        text("reviewer", "Who decided.", null=False, required=True),
        date(
            "reviewed_on",
            "Day of the decision; it applies to the version current at the end of that day.",
            null=False,
            required=True,
        ),
        text("note", "Free text."),
    ),
    reference_file="optional",
)

SUBMISSION_VALUES = Table(
    "submission_values",
    "Accepted submission rows, one per file row; every version is kept.",
    (
        text(
            "file_path",
            "Path of the file relative to the raw folder, /-separated, e.g. "
            "submissions/2023/06/BC01_2023-06.csv.",
            null=False,
        ),
        integer("row_number", _ROW_NUMBER, null=False),
        text(
            "unit_code",
            "Reporting unit that sent the row, upper-cased.",
            null=False,
            aliases=("ma_don_vi",),
            required=True,
            label_vi="Mã đơn vị",
            form_label_vi="Mã đơn vị",
            parse="code",
        ),
        date(
            "period",
            "Month the value is for: its first day.",
            null=False,
            aliases=("ky_bao_cao",),
            required=True,
            label_vi="Kỳ báo cáo",
            form_label_vi="Kỳ báo cáo",
            parse="month",
        ),
        text(
            "indicator_code",
            "Indicator the value is for, upper-cased.",
            null=False,
            aliases=("ma_chi_tieu",),
            required=True,
            label_vi="Mã chỉ tiêu",
            form_label_vi="Mã chỉ tiêu",
            parse="code",
        ),
        value(
            "value",
            "Value as sent, in the indicator's unit; exact decimal.",
            aliases=("gia_tri", "thuc_hien"),
            required=True,
            label_vi="Giá trị",
            form_label_vi="Thực hiện",
        ),
        text(
            "status",
            "actual or estimate (an estimate is replaced by a later actual).",
            null=False,
            aliases=("trang_thai", "tinh_trang"),
            label_vi="Trạng thái",
            form_label_vi="Tình trạng",
            codes="value_statuses",
            parse="status",
        ),
        date(
            "as_of",
            "Cut-off date of the value; NULL = the month end.",
            aliases=("tinh_den_ngay",),
            label_vi="Tính đến ngày",
            form_label_vi="Tính đến ngày",
        ),
        timestamp(
            "submitted_at",
            "When the unit says it sent the file; NULL = not given.",
            aliases=("ngay_gui", "ngay_bao_cao"),
            label_vi="Ngày gửi",
            form_label_vi="Ngày báo cáo",
        ),
        text(
            "note",
            "Free-text note of the submitter.",
            aliases=("ghi_chu",),
            label_vi="Ghi chú",
            form_label_vi="Ghi chú",
        ),
    ),
)

FILE_MANIFEST = Table(
    "file_manifest",
    "One row per file found under raw/submissions, with its outcome and row counts.",
    (
        text("file_path", None, null=False),
        bigint("size_bytes", "Size of the file in bytes."),
        text("sha256", "SHA-256 of the file's bytes (NULL when it could not be read)."),
        timestamp("first_seen_at", "When the pipeline first saw the file."),
        text("file_format", "csv or xlsx.", codes="file_formats"),
        text(
            "encoding",
            "Text encoding the file was read in (utf-8, utf-8-bom, utf-16-le, utf-16-be, "
            "windows-1258); NULL when not read.",
        ),
        text(
            "outcome",
            "loaded, duplicate (same bytes as an earlier file) or rejected (unreadable).",
            null=False,
            codes="file_outcomes",
        ),
        text(
            "duplicate_of",
            "For a duplicate, the path of the first file with the same bytes.",
        ),
        integer(
            "received_rows",
            "Data rows in the file (0 for a duplicate or rejected file).",
            null=False,
        ),
        integer("accepted_rows", "Rows that passed every check and were loaded.", null=False),
        integer(
            "rejected_rows",
            "Rows that failed a check (quarantined in rejected_rows).",
            null=False,
        ),
    ),
)

REJECTED_ROWS = Table(
    "rejected_rows",
    "One row per failed check per input row (with the row's unit and indicator codes as "
    "sent).",
    (
        *_flagged_cell_columns(),
        # The row's unit code as sent (upper-cased; NULL when blank or not a submission).
        text(
            "unit_code",
            "The row's unit code as sent, upper-cased (possibly unknown to the registry); "
            "NULL when blank.",
        ),
        # The indicator the row was about, even when another of its cells is what failed.
        text(
            "indicator_code",
            "The row's indicator code as sent, upper-cased (possibly unknown to the "
            "catalogue); NULL when blank, for a line that is not a record, or for a file "
            "without an indicator column.",
        ),
    ),
)

# Findings that flag a row without rejecting it (legacy encodings, for now).
ROW_WARNINGS = Table(
    "row_warnings",
    "Warnings found in Python (text in a legacy Vietnamese encoding), one per cell; they "
    "flag a row without rejecting it.",
    _flagged_cell_columns(),
)

REJECTED_FILES = Table(
    "rejected_files",
    "Files that could not be read at all, with the reason.",
    (
        text("file_path", None, null=False),
        text("sha256", None),
        bigint("size_bytes", None),
        text("reason", "Why the file could not be read, in English.", null=False),
        text("reason_vi", "Why the file could not be read, in Vietnamese.", null=False),
    ),
)


def labels_vi(table: str) -> dict[str, str]:
    """Column → the Vietnamese label a person sees (feedback files), where it has one."""
    return {c.name: c.label_vi for c in raw_table(table).columns if c.label_vi is not None}


def form_labels_vi(table: str) -> dict[str, str]:
    """Column → its label on the Excel form (scripts/make_form_template.py), where it has one."""
    return {
        c.name: c.form_label_vi for c in raw_table(table).columns if c.form_label_vi is not None
    }


# Every file's rows are accounted for: raw.file_manifest's received_rows is the sum of
# these (the loader, the asset check and dbt's equal_columns_sum test all say so).
RECEIVED_ROWS = "received_rows"
RECEIVED_ROWS_PARTS = ("accepted_rows", "rejected_rows")


def rows_accounted_for_sql() -> str:
    """The accounting as a SQL condition on file_manifest (its names are plain)."""
    return f"{RECEIVED_ROWS} = {' + '.join(RECEIVED_ROWS_PARTS)}"


def rows_accounted_for_text() -> str:
    """The accounting in words: "received = accepted + rejected"."""
    words = [name.removesuffix("_rows") for name in (RECEIVED_ROWS, *RECEIVED_ROWS_PARTS)]
    return f"{words[0]} = {' + '.join(words[1:])}"


RAW_TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        INDICATORS,
        REPORTING_UNITS,
        PLANS,
        PROVINCES,
        REPORTING_CALENDAR,
        VALIDATION_RULES,
        REVIEWS,
        SUBMISSION_VALUES,
        FILE_MANIFEST,
        REJECTED_ROWS,
        ROW_WARNINGS,
        REJECTED_FILES,
    )
}


def raw_table(name: str) -> Table:
    if name not in RAW_TABLES:
        raise KeyError(f"{name!r} is not a raw table")
    return RAW_TABLES[name]
