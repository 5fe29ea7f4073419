"""Read the marts and write every report: ``<province>_<year>_<period>`` .md, .en.md,
.xlsx, .png and .svg (the chart), .html and .docx, one set per province × year × period
with at least one actual value.

Only ``marts.halfyear_vs_plan`` is required. ``marts.active_units`` gives the
enterprise counts when present. Optional registry tables are a convenience, never
required: province names (``staging.stg_provinces`` or ``raw.provinces``) unless
``province_names`` is passed; activities that belong to agencies only
(``staging.stg_reporting_units`` or ``raw.reporting_units``) unless
``agency_activities`` is passed; and, when the mart has no ``parent_code``, the
catalogue's (``staging.stg_indicators`` or ``raw.indicators``). Every file is written
to a temporary name and renamed, so a reader never sees half a report; nothing else
in ``reports_dir`` is touched.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.common.sql import quote_identifier
from dagster_project.publish.atomic import replaced_atomically
from dagster_project.report.chart import write_charts
from dagster_project.report.document import build_document
from dagster_project.report.editions import (
    Edition,
    next_edition,
    record_edition,
    upcoming_edition,
)
from dagster_project.report.excel import write_workbook
from dagster_project.report.html import render_html
from dagster_project.report.language import EN, VI
from dagster_project.report.markdown import render_markdown
from dagster_project.report.model import ReportContext, build_contexts
from dagster_project.report.phrases import Phrase
from dagster_project.report.review import (
    DRAFT_SUFFIX,
    OpenFlag,
    as_draft,
    draft_section,
    flags_in,
    needs_review,
    read_open_flags,
)
from dagster_project.report.word import write_docx

MART = ("marts", "halfyear_vs_plan")
ACTIVE_UNITS = ("marts", "active_units")
SUBMISSION_STATUS = ("marts", "submission_status")
STATUS_COLUMNS = {"province_code", "period", "period_end", "frequency", "deadline", "received"}
PROVINCE_TABLES = (("staging", "stg_provinces"), ("raw", "provinces"))
UNIT_REGISTRY_TABLES = (("staging", "stg_reporting_units"), ("raw", "reporting_units"))
INDICATOR_TABLES = (("staging", "stg_indicators"), ("raw", "indicators"))

SUFFIXES = (".md", ".en.md", ".xlsx", ".png", ".svg", ".html", ".docx")


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str] | None:
    """Column names of ``schema.table`` in the connection's database; None if absent."""
    found = con.execute(
        """
        select column_name
        from information_schema.columns
        where table_catalog = current_database() and table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [schema, table],
    ).fetchall()
    return [name for (name,) in found] or None


def read_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[dict[str, Any]]:
    """All rows of a table as dicts (column name → value)."""
    cursor = con.execute(f"select * from {quote_identifier(schema)}.{quote_identifier(table)}")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _first_table(con, candidates, needed: set[str]) -> tuple[tuple[str, str], list[str]] | None:
    for schema, table in candidates:
        columns = table_columns(con, schema, table)
        if columns and needed <= set(columns):
            return (schema, table), columns
    return None


def load_province_names(
    con: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]] = PROVINCE_TABLES
) -> dict[str, str]:
    """province_code → name from the first registry table present ({} if none).

    With validity dates, the name valid last wins (a renamed province keeps its code).
    """
    found = _first_table(con, tables, {"province_code", "name"})
    if found is None:
        return {}
    (schema, table), columns = found
    rows = read_table(con, schema, table)
    if "valid_from" in columns:
        rows.sort(key=lambda row: (row["valid_from"] is not None, row["valid_from"] or 0))
    return {str(row["province_code"]): row["name"] for row in rows if row.get("name")}


def agency_activities_from_registry(
    con: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]] = UNIT_REGISTRY_TABLES
) -> set[str]:
    """Activities that only agency units have (lower case); empty if no registry."""
    found = _first_table(con, tables, {"unit_type", "activities"})
    if found is None:
        return set()
    agency, enterprise = set(), set()
    for row in read_table(con, *found[0]):
        activities = {a.strip().lower() for a in str(row.get("activities") or "").split(";")}
        activities.discard("")
        if str(row.get("unit_type") or "").lower() == "agency":
            agency |= activities
        else:
            enterprise |= activities
    return agency - enterprise


def catalogue_parents(
    con: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]] = INDICATOR_TABLES
) -> dict[str, str]:
    """indicator_code → parent_code from the catalogue table if present ({} if none)."""
    found = _first_table(con, tables, {"indicator_code", "parent_code"})
    if found is None:
        return {}
    return {
        str(row["indicator_code"]): row["parent_code"]
        for row in read_table(con, *found[0])
        if row.get("parent_code")
    }


def catalogue_ratio_parts(
    con: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]] = INDICATOR_TABLES
) -> dict[str, str]:
    """A ratio's numerator and denominator codes → the ratio's code ({} without a
    catalogue): the prose says the ratio, not its parts as achievements of their own."""
    found = _first_table(con, tables, {"indicator_code", "numerator_code", "denominator_code"})
    if found is None:
        return {}
    parts = {}
    for row in read_table(con, *found[0]):
        for side in ("numerator_code", "denominator_code"):
            if row.get(side):
                parts[str(row[side])] = str(row["indicator_code"])
    return parts


def missed_deadline_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows of ``marts.submission_status`` that missed their deadline ([] without it)."""
    columns = table_columns(con, *SUBMISSION_STATUS)
    if not columns or not STATUS_COLUMNS | {"missed_deadline"} <= set(columns):
        return []
    listed = ", ".join(quote_identifier(name) for name in sorted(STATUS_COLUMNS))
    cursor = con.execute(
        f"select {listed}, true as missed_deadline from marts.submission_status "
        "where missed_deadline"
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _write_text(path: Path, text: str) -> Path:
    with replaced_atomically(path) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_report(
    context: ReportContext,
    reports_dir: Path,
    *,
    english: bool = True,
    phrases: Mapping[str, Phrase] | None = None,
) -> list[Path]:
    """The files of one report, in ``reports_dir``; returns their paths: the Markdown
    (Vietnamese, English), the workbook, the chart (PNG, SVG), and the Vietnamese report
    as a web page (the SVG embedded) and as a Word file (the PNG embedded). ``phrases``:
    the phrase book (None: the one beside :mod:`.phrases`)."""
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    stem = context.stem
    plain_label = context.province_name or context.province_code
    edition = next_edition(context, reports_dir, SUFFIXES)
    vietnamese = build_document(context, VI, edition.changes, phrases)
    written = [_write_text(reports_dir / f"{stem}.md", render_markdown(vietnamese))]
    if english:
        english_text = render_markdown(build_document(context, EN, edition.changes, phrases))
        written.append(_write_text(reports_dir / f"{stem}.en.md", english_text))
    written.append(write_workbook(context, reports_dir / f"{stem}.xlsx", plain_label))
    png, svg = write_charts(context, reports_dir / stem)
    written += [png, svg]
    page = render_html(vietnamese, svg.read_text(encoding="utf-8"))
    written.append(_write_text(reports_dir / f"{stem}.html", page))
    written.append(write_docx(vietnamese, reports_dir / f"{stem}.docx", png))
    written.append(record_edition(context, reports_dir, edition))
    return written


def report_contexts(
    con: duckdb.DuckDBPyConnection,
    province_names: Mapping[str, str] | None = None,
    *,
    agency_activities: Collection[str] | None = None,
) -> list[ReportContext]:
    """One context per report the marts give (see :func:`write_reports` for the options)."""
    if table_columns(con, *MART) is None:
        raise LookupError("marts.halfyear_vs_plan is missing: run the dbt models first")
    mart_rows = read_table(con, *MART)
    if "parent_code" not in table_columns(con, *MART):
        # The roll-up is the catalogue's; without it children are simply sentences of their own.
        parents = catalogue_parents(con)
        for row in mart_rows:
            row["parent_code"] = parents.get(str(row.get("indicator_code")))
    ratio_of = catalogue_ratio_parts(con)
    for row in mart_rows:
        row["ratio_of"] = ratio_of.get(str(row.get("indicator_code")))
    unit_rows = read_table(con, *ACTIVE_UNITS) if table_columns(con, *ACTIVE_UNITS) else []
    status_rows = missed_deadline_rows(con)
    if province_names is None:
        province_names = load_province_names(con)
    if agency_activities is None:
        agency_activities = agency_activities_from_registry(con)
    return build_contexts(
        mart_rows, unit_rows, province_names, agency_activities, status_rows=status_rows
    )


def report_editions(
    con: duckdb.DuckDBPyConnection, reports_dir: Path
) -> list[tuple[ReportContext, Edition]]:
    """The final reports :func:`write_reports` would write from ``con`` into
    ``reports_dir``, each with its edition (drafts have none); writes nothing. Called on
    the build file before it is published, so that the warehouse holds the comparison
    the reports will state."""
    open_flags = read_open_flags(con)
    return [
        (context, upcoming_edition(context, Path(reports_dir)))
        for context in report_contexts(con)
        if not needs_review(context, flags_in(context, open_flags))
    ]


def write_reports(
    con: duckdb.DuckDBPyConnection,
    reports_dir: Path,
    province_names: Mapping[str, str] | None = None,
    *,
    agency_activities: Collection[str] | None = None,
    english: bool = True,
    phrases: Mapping[str, Phrase] | None = None,
) -> list[Path]:
    """Write every report from the marts; returns all files written.

    ``province_names`` maps province codes to names (None: from the registry table if
    present, else the code is used; ``{}``: always the code). ``agency_activities``
    lists activity codes of agencies, left out of the enterprise counts (None: derived
    from the unit registry if present). ``phrases``: the phrase book (None: the one
    beside :mod:`.phrases`; a raw folder's own: :func:`.phrases.phrases_for`).
    """
    contexts = report_contexts(con, province_names, agency_activities=agency_activities)
    open_flags = read_open_flags(con)
    written: list[Path] = []
    for context in contexts:
        if _written_as_draft(context, open_flags, reports_dir, phrases):
            written.append(Path(reports_dir) / f"{context.stem}{DRAFT_SUFFIX}")
            continue
        written += write_report(context, reports_dir, english=english, phrases=phrases)
    return written


def _written_as_draft(
    context: ReportContext,
    open_flags: Sequence[OpenFlag],
    reports_dir: Path,
    phrases: Mapping[str, Phrase] | None = None,
) -> bool:
    """Write the draft when a figure needs review (the final files, if an earlier run
    wrote them, stay as they were); otherwise remove a stale draft. True for a draft."""
    draft = Path(reports_dir) / f"{context.stem}{DRAFT_SUFFIX}"
    flags = flags_in(context, open_flags)
    if not needs_review(context, flags):
        draft.unlink(missing_ok=True)
        return False
    draft.parent.mkdir(parents=True, exist_ok=True)
    final = render_markdown(build_document(context, VI, phrases=phrases))
    _write_text(draft, as_draft(final, draft_section(context, flags)))
    return True
