"""Read the marts and write every report: ``<province>_<year>_<period>`` .md, .en.md,
.xlsx, .png and .svg (the chart), .html and .docx, one set per province × year × period
with at least one actual value.

The tables are those dbt builds, read as they are: ``marts.halfyear_vs_plan`` (with the
reading order, depth, parent, ``ratio_of`` and province name), ``marts.active_units``
(the enterprise counts) and ``marts.submission_status`` (the missed deadlines); a
missing one is an error naming it. Every file is written to a temporary name and
renamed, so a reader never sees half a report; nothing else in ``reports_dir`` is
touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.common.sql import quote_identifier
from dagster_project.publish.atomic import replaced_atomically
from dagster_project.report.built_tables import query_built
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

SUFFIXES = (".md", ".en.md", ".xlsx", ".png", ".svg", ".html", ".docx")


def read_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, where: str = ""
) -> list[dict[str, Any]]:
    """The rows of a table dbt builds, as dicts (column name → value); ``where``: a
    condition of this module's own."""
    sql = f"select * from {quote_identifier(schema, table)} {where}"
    cursor = query_built(con, f"{schema}.{table}", sql)
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
    con: duckdb.DuckDBPyConnection, province_names: Mapping[str, str] | None = None
) -> list[ReportContext]:
    """One context per report the marts give (see :func:`write_reports` for the option)."""
    return build_contexts(
        read_table(con, *MART),
        read_table(con, *ACTIVE_UNITS),
        province_names,
        status_rows=read_table(con, *SUBMISSION_STATUS, where="where missed_deadline"),
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
    english: bool = True,
    phrases: Mapping[str, Phrase] | None = None,
) -> list[Path]:
    """Write every report from the marts; returns all files written.

    ``province_names`` maps province codes to names (None: the mart's
    ``province_name``, else the code is used; ``{}``: always the code). ``phrases``:
    the phrase book (None: the one beside :mod:`.phrases`; a raw folder's own:
    :func:`.phrases.phrases_for`).
    """
    contexts = report_contexts(con, province_names)
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
