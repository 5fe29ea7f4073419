"""Review before publication: which reports are drafts, and their first section.

A report (province × year × period) with a figure that needs review
(`marts.halfyear_vs_plan.needs_review`) is written as `<stem>.du_thao.md` only: its
title starts "DỰ THẢO" and its first section lists each open review flag
(`quality.open_review_flags`) of the province in the period. The final files are written
once nothing needs review (and the draft is then removed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb

from dagster_project.report.built_tables import query_built
from dagster_project.report.markdown import markdown_table
from dagster_project.report.model import ReportContext
from dagster_project.report.numbers_vi import MISSING, format_number_vi

OPEN_FLAGS = ("quality", "open_review_flags")
DRAFT_SUFFIX = ".du_thao.md"
DRAFT_MARK = "DỰ THẢO"
SECTION_TITLE = "Cần rà soát trước khi công bố"
_FIRST_MONTH = {"H1": 1, "H2": 7, "FY": 1}
_HEADER = (
    "Đơn vị",
    "Chỉ tiêu",
    "Tháng",
    "Giá trị gửi",
    "Lý do",
    "Số liệu nếu không có giá trị này",
)
_ALIGN = ("left", "left", "left", "right", "left", "right")


@dataclass(frozen=True)
class OpenFlag:
    province_code: str
    unit_code: str
    indicator_code: str
    month_start: date
    value: Decimal
    reason_vi: str


def read_open_flags(con: duckdb.DuckDBPyConnection) -> list[OpenFlag]:
    """Every open review flag (``quality.open_review_flags``)."""
    rows = query_built(
        con,
        ".".join(OPEN_FLAGS),
        "SELECT province_code, unit_code, indicator_code, month_start, value, message_vi "
        "FROM quality.open_review_flags "
        "ORDER BY province_code, month_start, unit_code, indicator_code, file_path, row_number",
    ).fetchall()
    return [OpenFlag(*row) for row in rows]


def flags_in(context: ReportContext, flags: Sequence[OpenFlag]) -> list[OpenFlag]:
    """The open flags of the context's province in a month of its period."""
    first, last = _FIRST_MONTH.get(context.period), context.period_end
    if first is None or last is None:
        return []
    start = date(context.year, first, 1)
    return [
        flag
        for flag in flags
        if flag.province_code == context.province_code and start <= flag.month_start <= last
    ]


def needs_review(context: ReportContext, flags: Sequence[OpenFlag]) -> bool:
    return bool(flags) or any(row.get("needs_review") for row in context.rows)


def _figure_without(row: dict[str, Any] | None, flag: OpenFlag) -> str:
    """For a flow, the figure minus the flagged value; otherwise it cannot be said."""
    if row is None or row.get("kind") != "flow" or row.get("actual_value") is None:
        return MISSING
    return format_number_vi(Decimal(str(row["actual_value"])) - flag.value)


def draft_section(context: ReportContext, flags: Sequence[OpenFlag]) -> str:
    by_code = {str(row.get("indicator_code")): row for row in context.rows}
    # One line per flagged value, with every reason it was flagged for.
    reasons: dict[tuple, list[str]] = {}
    first: dict[tuple, OpenFlag] = {}
    for flag in flags:
        key = (flag.unit_code, flag.indicator_code, flag.month_start, flag.value)
        reasons.setdefault(key, []).append(flag.reason_vi.replace("|", "/"))
        first.setdefault(key, flag)
    lines = []
    for key, flag in first.items():
        row = by_code.get(flag.indicator_code)
        name = (row or {}).get("indicator_name_vi") or flag.indicator_code
        lines.append(
            [
                flag.unit_code,
                str(name),
                flag.month_start.strftime("%m/%Y"),
                format_number_vi(flag.value),
                "; ".join(reasons[key]),
                _figure_without(row, flag),
            ]
        )
    intro = (
        "Báo cáo này là bản dự thảo: các giá trị dưới đây có thể sai và cần được đơn vị "
        "xác nhận hoặc sửa, hoặc được cán bộ rà soát chấp nhận (reference/reviews.csv), "
        "trước khi công bố."
    )
    if not lines:
        intro += " (Một quy tắc kiểm tra quan trọng không thỏa mãn ở cấp tỉnh.)"
    blocks = [f"## {SECTION_TITLE}", intro]
    if lines:
        blocks.append(markdown_table(_HEADER, lines, _ALIGN))
    return "\n\n".join(blocks)


def as_draft(final_markdown: str, section: str) -> str:
    """The Vietnamese report with "DỰ THẢO" in its title and the review section first."""
    title, _, body = final_markdown.partition("\n")
    title = "# " + DRAFT_MARK + " — " + title.removeprefix("# ")
    return f"{title}\n\n{section}\n{body}"
