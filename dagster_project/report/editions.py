"""Editions of a report: what changed since the previous edition, and the archive.

A report of one province × year × period is written again whenever the pipeline runs.
Beside its files, ``<stem>.edition.json`` keeps the edition number, the figures it
stated and what had changed. When the figures move, the previous edition's files are
copied to ``archive/<stem>/lan_<n>/`` before the new ones replace them (so any published
edition can be reproduced), the new edition is number n + 1, and its "what changed"
list says, per figure, the old and new value and why: an estimate replaced by the
actual, a unit that reported late, a revised plan, a figure sent again. A run whose
figures did not move writes the same files, with the same edition number.

The same comparison, for every report and edition (one row per figure that moved), is
in the warehouse as ``marts.report_edition_changes`` and beside the reports as
``archive/thay_doi_so_lieu.csv``. dbt creates the table empty (its columns and their
descriptions are the dbt model's); its rows are written into the build file just before
it is published (:func:`write_edition_changes`): the editions about to be written
(:func:`upcoming_edition`, the same function the report step calls after publishing,
on the same figures) over the history the kept archive holds (every ``.edition.json``,
:func:`edition_history`). Edition history is not in ``raw/``, so the build file takes
it from the archive each time rather than keeping it as state of its own.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.common.sql import quote_identifier
from dagster_project.publish.atomic import replaced_atomically
from dagster_project.report.model import ReportContext, has_data
from dagster_project.report.numbers_vi import to_decimal
from dagster_project.report.text_vi import CHANGE_REASONS_VI

ARCHIVE_DIR = "archive"
EDITION_SUFFIX = ".edition.json"
LEDGER = "thay_doi_so_lieu.csv"
LEDGER_COLUMNS = (
    "province_code",
    "year",
    "period",
    "edition",
    "indicator_code",
    "indicator_name_vi",
    "field",
    "old_value",
    "new_value",
    "reason",
)
# What a figure moved for, in the order the reasons are tried.
ESTIMATE_TO_ACTUAL = "estimate_to_actual"
LATE_UNIT = "late_unit"
PLAN_REVISED = "plan_revised"
RESENT = "resent"
NEW_FIGURE = "new_figure"


@dataclass(frozen=True)
class FigureChange:
    indicator_code: str
    name_vi: str
    name_en: str
    unit: str | None
    field: str  # "actual_value" | "plan_value"
    old: str | None  # the exact decimal as text; None: not stated before
    new: str | None
    reason: str
    units_before: str | None = None  # "19/20", for a late unit
    units_after: str | None = None


@dataclass(frozen=True)
class Edition:
    number: int
    changes: tuple[FigureChange, ...]


def _text(value: Any) -> str | None:
    exact = to_decimal(value)
    return None if exact is None else format(exact.normalize(), "f")


def _units(row: Mapping[str, Any]) -> str | None:
    expected = row.get("units_expected")
    return f"{row.get('units_reporting') or 0}/{expected}" if expected else None


def stated_figures(context: ReportContext) -> dict[str, dict[str, Any]]:
    """What the report states, per indicator with data: the facts an edition compares."""
    return {
        str(row.get("indicator_code")): {
            "name_vi": row.get("indicator_name_vi") or str(row.get("indicator_code")),
            "name_en": row.get("indicator_name_en") or row.get("indicator_name_vi") or "",
            "unit": row.get("unit"),
            "actual_value": _text(row.get("actual_value")),
            "plan_value": _text(row.get("plan_value")),
            "is_estimate": bool(row.get("is_estimate")),
            "units": _units(row),
            "units_reporting": int(row.get("units_reporting") or 0),
        }
        for row in context.rows
        if has_data(row)
    }


def _reason(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    if old["is_estimate"] and not new["is_estimate"]:
        return ESTIMATE_TO_ACTUAL
    if new["units_reporting"] > old["units_reporting"]:
        return LATE_UNIT
    return RESENT


def compare(
    previous: Mapping[str, Mapping[str, Any]], current: Mapping[str, Mapping[str, Any]]
) -> list[FigureChange]:
    """The figures that moved between two editions, in the current edition's order."""
    changes = []
    for code, new in current.items():
        old = previous.get(code)
        facts = (code, new["name_vi"], new["name_en"], new["unit"])
        if old is None:
            changes.append(
                FigureChange(*facts, "actual_value", None, new["actual_value"], NEW_FIGURE)
            )
            continue
        if Decimal(old["actual_value"]) != Decimal(new["actual_value"]):
            changes.append(
                FigureChange(
                    *facts,
                    "actual_value",
                    old["actual_value"],
                    new["actual_value"],
                    _reason(old, new),
                    old["units"],
                    new["units"],
                )
            )
        if old["plan_value"] != new["plan_value"]:
            changes.append(
                FigureChange(
                    *facts, "plan_value", old["plan_value"], new["plan_value"], PLAN_REVISED
                )
            )
    return changes


def _edition_path(reports_dir: Path, stem: str) -> Path:
    return reports_dir / f"{stem}{EDITION_SUFFIX}"


def read_edition(reports_dir: Path, stem: str) -> dict[str, Any] | None:
    path = _edition_path(reports_dir, stem)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def upcoming_edition(context: ReportContext, reports_dir: Path) -> Edition:
    """The edition the report of ``context`` will be, against the one in ``reports_dir``:
    the same one when the figures did not move, else the next. Writes nothing."""
    previous = read_edition(reports_dir, context.stem)
    figures = stated_figures(context)
    if previous is None:
        return Edition(1, ())
    if previous["figures"] == figures:
        kept = tuple(FigureChange(**change) for change in previous.get("changes", ()))
        return Edition(int(previous["edition"]), kept)
    return Edition(int(previous["edition"]) + 1, tuple(compare(previous["figures"], figures)))


def next_edition(context: ReportContext, reports_dir: Path, suffixes: Sequence[str]) -> Edition:
    """The edition about to be written (:func:`upcoming_edition`); when it is a new one,
    the previous edition's files are archived first."""
    previous = read_edition(reports_dir, context.stem)
    edition = upcoming_edition(context, reports_dir)
    if previous is not None and edition.number != int(previous["edition"]):
        _archive(reports_dir, context.stem, int(previous["edition"]), suffixes)
    return edition


def _archive(reports_dir: Path, stem: str, number: int, suffixes: Sequence[str]) -> None:
    folder = reports_dir / ARCHIVE_DIR / stem / f"lan_{number}"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (*suffixes, EDITION_SUFFIX):
        source = reports_dir / f"{stem}{suffix}"
        if source.is_file() and not source.is_symlink():
            shutil.copy2(source, folder / source.name)


def record_edition(context: ReportContext, reports_dir: Path, edition: Edition) -> Path:
    """Write ``<stem>.edition.json`` and the edition's rows of the archive's ledger."""
    path = _edition_path(reports_dir, context.stem)
    content = {
        "edition": edition.number,
        "province_code": context.province_code,
        "year": context.year,
        "period": context.period,
        "figures": stated_figures(context),
        "changes": [asdict(change) for change in edition.changes],
    }
    text = json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    with replaced_atomically(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    _update_ledger(reports_dir / ARCHIVE_DIR / LEDGER, context, edition)
    return path


def _update_ledger(path: Path, context: ReportContext, edition: Edition) -> None:
    key = (context.province_code, str(context.year), context.period, str(edition.number))
    kept = [row for row in _ledger_rows(path) if tuple(row[c] for c in LEDGER_COLUMNS[:4]) != key]
    if not edition.changes and not kept and not path.exists():
        return
    rows = kept + [
        dict(zip(LEDGER_COLUMNS, (*key, *_ledger_cells(change)), strict=True))
        for change in edition.changes
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, LEDGER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with replaced_atomically(path) as temporary:
        temporary.write_text(buffer.getvalue(), encoding="utf-8")


def _ledger_cells(change: FigureChange) -> Iterable[str]:
    return (
        change.indicator_code,
        change.name_vi,
        change.field,
        change.old or "",
        change.new or "",
        change.reason,
    )


def _ledger_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the same comparison in the warehouse -----------------------------------------------

# The dbt model declares the table (types, descriptions: dbt/models/marts/
# report_edition_changes.sql and its YAML); `edition_history`'s rows fill it by name.
CHANGES_TABLE = ("marts", "report_edition_changes")


def _edition_files(reports_dir: Path) -> list[Path]:
    """Every kept edition: each report's current one and the archived ones."""
    current = sorted(reports_dir.glob(f"*{EDITION_SUFFIX}"))
    archived = sorted((reports_dir / ARCHIVE_DIR).glob(f"*/lan_*/*{EDITION_SUFFIX}"))
    return current + archived


def _report_key(content: Mapping[str, Any], path: Path) -> tuple[str, int, str, int]:
    try:
        return (
            str(content["province_code"]),
            int(content["year"]),
            str(content["period"]),
            int(content["edition"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not an edition file of a report ({exc!r})") from exc


def edition_history(
    reports_dir: Path, upcoming: Iterable[tuple[ReportContext, Edition]] = ()
) -> list[dict[str, Any]]:
    """One row per figure that moved, for every edition the archive keeps and every
    edition in ``upcoming`` (the reports about to be written: they take the place of a kept
    edition of the same number, which they equal), in report, edition and reading order."""
    changes: dict[tuple[str, int, str, int], Sequence[FigureChange]] = {}
    for path in _edition_files(Path(reports_dir)):
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
            key = _report_key(content, path)
            changes[key] = [FigureChange(**change) for change in content.get("changes", ())]
        except (json.JSONDecodeError, TypeError) as exc:
            raise ValueError(f"{path}: not an edition file of a report ({exc})") from exc
    for context, edition in upcoming:
        key = (context.province_code, int(context.year), context.period, edition.number)
        changes[key] = edition.changes
    return [
        {
            "province_code": key[0],
            "year": key[1],
            "period": key[2],
            "edition": key[3],
            "indicator_code": change.indicator_code,
            "indicator_name_vi": change.name_vi,
            "unit": change.unit,
            "field": change.field,
            "old_value": change.old,
            "new_value": change.new,
            "reason": change.reason,
            "reason_vi": CHANGE_REASONS_VI.get(change.reason, change.reason),
            "units_before": change.units_before,
            "units_after": change.units_after,
        }
        for key in sorted(changes)
        for change in changes[key]
    ]


def write_edition_changes(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Fill ``marts.report_edition_changes`` (which dbt creates, empty, with its types and
    descriptions) with ``rows``, in place of what it held; returns the row count."""
    schema, table = CHANGES_TABLE
    (found,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ? and table_catalog = current_database()",
        [schema, table],
    ).fetchone()
    if not found:
        raise LookupError(f"{schema}.{table} is missing: run the dbt models first")
    relation = quote_identifier(schema, table)
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {relation}")
        if rows:
            columns = list(rows[0])
            names = ", ".join(quote_identifier(name) for name in columns)
            marks = ", ".join("?" for _ in columns)
            con.executemany(
                f"insert into {relation} ({names}) values ({marks})",
                [[row[name] for name in columns] for row in rows],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(rows)
