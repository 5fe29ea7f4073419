"""Feedback to submitters: a short Vietnamese Markdown file per unit with rows to fix.

`write_feedback(con, reports_dir)` reads the quality tables of the warehouse (a read-only
connection is enough) and writes, under `<reports_dir>/feedback/`:

* `<unit_code>.md` for each unit with rejected rows or warnings: per file, a table of
  row, column, value as sent and the Vietnamese message (errors first, then warnings),
  and a closing line asking to correct and resend; and for each unit that missed a
  deadline of the reporting calendar (`marts.submission_status.missed_deadline`), a
  section "Báo cáo chưa gửi / gửi muộn": each period owed, its deadline and days late;
* `_chua_xac_dinh_don_vi.md` for what cannot be put to a unit: unreadable files, and rows
  whose unit is not known.

The unit of a row is its own unit code when the registry knows it (the code sent on a
rejected row, the unit of a warned row), else the unit of the file's other rows when
they name exactly one. Input text is escaped for Markdown by the project's one escaper
(`markdown_text.md_escape`). Files are written atomically
(temporary file, then rename) and only when their content changes; feedback files of
units that are clean now are removed. Nothing outside `<reports_dir>/feedback/` is
touched.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dagster_project.catalog.tables import labels_vi
from dagster_project.common.markdown_text import md_escape
from dagster_project.common.sql import quote_identifier
from dagster_project.publish.atomic import replaced_atomically
from dagster_project.report.built_tables import query_built
from dagster_project.report.excel import set_text
from dagster_project.report.labels import reporting_period_vi
from dagster_project.report.numbers_vi import format_date_vi

FEEDBACK_DIR = "feedback"
UNKNOWN_UNIT_FILE = "_chua_xac_dinh_don_vi.md"
FEEDBACK_SUFFIXES = (".md", ".xlsx")
SUBMISSIONS_PREFIX = "submissions/"
_MAX_VALUE_CHARS = 200

# A submission column as the unit knows it (the registry's Vietnamese labels).
COLUMN_LABELS = labels_vi("submission_values")
TABLE_HEADER = (
    "| Dòng | Chỉ tiêu | Cột | Giá trị đã gửi | Lỗi / cảnh báo |",
    "| ---: | --- | --- | --- | --- |",
)
CLOSING_UNIT = "Đề nghị đơn vị sửa các dòng bị loại, kiểm tra các cảnh báo và gửi lại báo cáo."
MISSED_HEADING = "## Báo cáo chưa gửi / gửi muộn"
MISSED_HEADER = (
    "| Kỳ báo cáo | Hạn gửi | Tình trạng | Số ngày muộn |",
    "| --- | --- | --- | ---: |",
)
CLOSING_MISSED = "Đề nghị đơn vị gửi các báo cáo còn thiếu và gửi đúng hạn các kỳ sau."
CLOSING_UNKNOWN = (
    "Đề nghị đơn vị đã gửi các tệp trên kiểm tra (mã đơn vị, định dạng tệp), sửa và gửi lại "
    "báo cáo."
)


@dataclass(frozen=True)
class Finding:
    """One line of feedback: a rejected row's failed check, or a warning."""

    file_path: str
    row_number: int | None
    column_name: str | None
    value: str | None
    check_name: str
    message_vi: str
    unit_code: str | None
    is_error: bool
    indicator: str | None = None  # the indicator's Vietnamese name (or code), when known

    def sort_key(self) -> tuple:
        row = self.row_number if self.row_number is not None else -1
        return (not self.is_error, row, self.column_name or "", self.check_name)


@dataclass(frozen=True)
class MissedReport:
    """A reporting period a unit owed and sent late, or has not sent by its deadline."""

    unit_code: str
    frequency: str
    period: date
    deadline: date
    first_received_at: datetime | None
    days_late: int | None

    def sort_key(self) -> tuple:
        return (self.period, self.frequency)


@dataclass(frozen=True)
class Unreadable:
    file_path: str
    reason_vi: str


# --- reading ------------------------------------------------------------------------


def _select(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, names: Sequence[str]
) -> list[tuple]:
    """The named columns of a table dbt builds. Identifiers come from this module only."""
    listed = ", ".join(quote_identifier(name) for name in names)
    sql = f"select {listed} from {quote_identifier(schema, table)}"
    return query_built(con, f"{schema}.{table}", sql).fetchall()


def _findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    names = ("file_path", "row_number", "column_name", "value", "check_name", "message_vi")
    indicator_names = _indicator_names(con)
    found = []
    for table, is_error in (("rejected_rows", True), ("warnings", False)):
        rows = _select(con, "quality", table, (*names, "unit_code", "indicator_code"))
        for *row, unit_code, indicator in rows:
            file_path, row_number, column, value, check, message = row
            if file_path and file_path.startswith(SUBMISSIONS_PREFIX):
                found.append(
                    Finding(
                        file_path,
                        row_number,
                        column,
                        value,
                        check or "",
                        message or "",
                        _code(unit_code),
                        is_error,
                        indicator_names.get(indicator, indicator) if indicator else None,
                    )
                )
    return found


def _indicator_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """indicator_code → Vietnamese name from the catalogue."""
    rows = _select(con, "staging", "stg_indicators", ("indicator_code", "indicator_name_vi"))
    return {str(code): name for code, name in rows if code and name}


_FILE_NAME = re.compile(r"^(?P<unit>[A-Za-z0-9-]+)_(?P<year>\d{4})-(?P<month>\d{2})(?:_|\.)")


def named_in_file(file_path: str) -> tuple[str | None, date | None]:
    """(unit code, month) a submission's file name gives: `BC01_2023-06.csv` → ("BC01",
    2023-06-01); (None, None) for a name that does not follow the convention."""
    match = _FILE_NAME.match(Path(file_path).name)
    if match is None or not 1 <= int(match["month"]) <= 12:
        return None, None
    return _code(match["unit"]), date(int(match["year"]), int(match["month"]), 1)


def _deadlines(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, date], date]:
    """(unit, month) → the deadline of its report for that month (calendar, if built)."""
    names = ("unit_code", "period", "deadline")
    return {
        (_code(unit), _as_date(period)): _as_date(deadline)
        for unit, period, deadline in _select(con, "marts", "submission_status", names)
        if unit and period is not None and deadline is not None
    }


def _as_date(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]


def vietnamese_only(reason: str) -> str:
    """The reason without the technical detail a library wrote in English after its last
    colon ("không phải tệp Excel .xlsx (tệp nén zip bị hỏng: File is not a zip file)" →
    "… (tệp nén zip bị hỏng)"): the unit reads Vietnamese only; the detail stays in
    ``quality.rejected_files.reason``."""
    head = reason.rsplit(":", 1)
    if len(head) == 2 and head[1].isascii() and re.search(r"[A-Za-z]{3,}", head[1]):
        closing = ")" if head[1].rstrip().endswith(")") else ""
        return head[0].rstrip() + closing
    return reason


def _missed_reports(con: duckdb.DuckDBPyConnection) -> list[MissedReport]:
    names = (
        "unit_code",
        "frequency",
        "period",
        "deadline",
        "first_received_at",
        "days_late",
        "missed_deadline",
    )
    found = []
    for *row, missed in _select(con, "marts", "submission_status", names):
        unit_code, frequency, period, deadline, first_received_at, days_late = row
        if missed and _code(unit_code) and period is not None and deadline is not None:
            found.append(
                MissedReport(
                    _code(unit_code), frequency, period, deadline, first_received_at, days_late
                )
            )
    return found


def _code(value: object) -> str | None:
    text = str(value).strip().upper() if value is not None else ""
    return text or None


# --- who gets what -----------------------------------------------------------------


def _file_units(
    findings: Iterable[Finding], manifest: Iterable[tuple], known: frozenset[str] | None
) -> dict[str, str | None]:
    """The one known unit of each file's rows (accepted, rejected, warned), or None."""
    units: dict[str, set[str]] = defaultdict(set)
    for file_path, unit_codes in manifest:
        for code in (unit_codes or "").split(";"):
            if _is_known(_code(code), known):
                units[file_path].add(_code(code))
    for finding in findings:
        if _is_known(finding.unit_code, known):
            units[finding.file_path].add(finding.unit_code)
    return {path: next(iter(codes)) if len(codes) == 1 else None for path, codes in units.items()}


def _is_known(code: str | None, known: frozenset[str] | None) -> bool:
    return code is not None and (known is None or code in known)


# --- Markdown ----------------------------------------------------------------------


def _shown_value(value: str | None) -> str:
    if value is None or not value.strip():
        return "(trống)"
    if len(value) > _MAX_VALUE_CHARS:
        value = value[:_MAX_VALUE_CHARS] + "…"
    return md_escape(value)


def _shown_column(column: str | None) -> str:
    if not column:
        return ""
    label = COLUMN_LABELS.get(column)
    return f"{label} ({md_escape(column)})" if label else md_escape(column)


def _table(findings: Sequence[Finding]) -> list[str]:
    lines = list(TABLE_HEADER)
    for f in sorted(findings, key=Finding.sort_key):
        kind = "Lỗi" if f.is_error else "Cảnh báo"
        row = str(f.row_number) if f.row_number is not None else "—"
        indicator = md_escape(f.indicator) if f.indicator else "—"
        lines.append(
            f"| {row} | {indicator} | {_shown_column(f.column_name)} | {_shown_value(f.value)} "
            f"| {kind}: {md_escape(f.message_vi)} |"
        )
    return lines


def file_note(file_path: str, deadlines: Mapping[tuple[str, date], date]) -> str | None:
    """ "Báo cáo tháng 6/2023, hạn gửi 10/7/2023." from the file name and the calendar."""
    unit, month = named_in_file(file_path)
    if month is None:
        return None
    note = f"Báo cáo tháng {month.month}/{month.year}"
    deadline = deadlines.get((unit, month)) if unit else None
    return note + (f", hạn gửi {format_date_vi(deadline)}." if deadline else ".")


def _file_section(
    file_path: str,
    findings: Sequence[Finding],
    reason: str | None,
    deadlines: Mapping[tuple[str, date], date],
) -> list[str]:
    lines = ["", f"## Tệp {md_escape(file_path)}"]
    note = file_note(file_path, deadlines)
    if note:
        lines += ["", note]
    if reason is not None:
        lines += ["", f"Không đọc được tệp: {md_escape(vietnamese_only(reason))}"]
    if findings:
        lines += ["", *_table(findings)]
    return lines


def _by_file(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    files: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        files[finding.file_path].append(finding)
    return dict(sorted(files.items()))


def _missed_table(missed: Sequence[MissedReport]) -> list[str]:
    lines = list(MISSED_HEADER)
    for m in sorted(missed, key=MissedReport.sort_key):
        if m.first_received_at is None:
            state, late = "Chưa gửi", "—"
        else:
            received = m.first_received_at
            day = received.date() if isinstance(received, datetime) else received
            state, late = f"Gửi muộn (ngày {format_date_vi(day)})", str(m.days_late)
        lines.append(
            f"| {md_escape(reporting_period_vi(m.frequency, m.period))} "
            f"| {format_date_vi(m.deadline)} | {state} | {late} |"
        )
    return lines


def unit_markdown(
    unit_code: str,
    unit_name: str | None,
    findings: Sequence[Finding],
    missed: Sequence[MissedReport] = (),
    unreadable: Sequence[Unreadable] = (),
    deadlines: Mapping[tuple[str, date], date] | None = None,
) -> str:
    """The feedback file of one unit: files not read and rows to fix (each file with its
    month and deadline), then reports missing or late."""
    who = md_escape(unit_code) + (f" ({md_escape(unit_name)})" if unit_name else "")
    lines = [f"# Phản hồi số liệu báo cáo – đơn vị {who}"]
    if findings:
        errors = sum(1 for f in findings if f.is_error)
        lines += [
            "",
            f"Dòng bị loại (chưa được ghi nhận): {errors}. "
            f"Cảnh báo (đã ghi nhận, cần kiểm tra lại): {len(findings) - errors}.",
        ]
    reasons = {item.file_path: item.reason_vi for item in unreadable}
    rows = _by_file(findings)
    for file_path in sorted(set(reasons) | set(rows)):
        lines += _file_section(
            file_path, rows.get(file_path, ()), reasons.get(file_path), deadlines or {}
        )
    if missed:
        lines += ["", MISSED_HEADING, "", *_missed_table(missed)]
    if findings or unreadable:
        lines += ["", CLOSING_UNIT]
    if missed:
        lines += ["", CLOSING_MISSED]
    lines.append("")
    return "\n".join(lines)


def unknown_unit_markdown(unreadable: Sequence[Unreadable], findings: Sequence[Finding]) -> str:
    """The feedback file for unreadable files and rows whose unit is not known."""
    lines = [
        "# Phản hồi số liệu báo cáo – chưa xác định được đơn vị",
        "",
        "Các tệp dưới đây không đọc được, hoặc có dòng không xác định được đơn vị gửi "
        "(mã đơn vị trống hoặc không có trong danh sách đơn vị báo cáo).",
    ]
    reasons = {item.file_path: item.reason_vi for item in unreadable}
    rows = _by_file(findings)
    for file_path in sorted(set(reasons) | set(rows)):
        lines += ["", f"## Tệp {md_escape(file_path)}"]
        if file_path in reasons:
            lines += ["", f"Không đọc được tệp: {md_escape(vietnamese_only(reasons[file_path]))}"]
        if file_path in rows:
            lines += ["", *_table(rows[file_path])]
    lines += ["", CLOSING_UNKNOWN, ""]
    return "\n".join(lines)


# --- the same feedback as a workbook a unit opens in Excel ------------------------------

WORKBOOK_COLUMNS = (
    ("Tệp", 44),
    ("Kỳ báo cáo", 14),
    ("Hạn gửi", 12),
    ("Dòng", 7),
    ("Chỉ tiêu", 36),
    ("Cột", 22),
    ("Giá trị đã gửi", 20),
    ("Loại", 11),
    ("Nội dung", 70),
)


def _workbook_rows(
    findings: Sequence[Finding],
    missed: Sequence[MissedReport],
    unreadable: Sequence[Unreadable],
    deadlines: Mapping[tuple[str, date], date],
) -> list[tuple]:
    rows = []
    for item in sorted(unreadable, key=lambda u: u.file_path):
        unit, month = named_in_file(item.file_path)
        rows.append((item.file_path, month, deadlines.get((unit, month)), None, None, None,
                     None, "Tệp bị loại", vietnamese_only(item.reason_vi)))  # fmt: skip
    for file_path, these in _by_file(findings).items():
        unit, month = named_in_file(file_path)
        for f in sorted(these, key=Finding.sort_key):
            rows.append((file_path, month, deadlines.get((unit, month)), f.row_number,
                         f.indicator, COLUMN_LABELS.get(f.column_name or "", f.column_name),
                         f.value, "Lỗi" if f.is_error else "Cảnh báo", f.message_vi))  # fmt: skip
    for m in sorted(missed, key=MissedReport.sort_key):
        state = "Chưa gửi" if m.first_received_at is None else f"Gửi muộn {m.days_late} ngày"
        rows.append((None, reporting_period_vi(m.frequency, m.period), m.deadline, None, None,
                     None, None, state, CLOSING_MISSED))  # fmt: skip
    return rows


def write_unit_workbook(
    path: Path,
    unit_code: str,
    unit_name: str | None,
    findings: Sequence[Finding],
    missed: Sequence[MissedReport],
    unreadable: Sequence[Unreadable],
    deadlines: Mapping[tuple[str, date], date],
) -> Path:
    """``<unit>.xlsx``: one row per thing to fix, text never a formula (``set_text``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phản hồi"
    who = unit_code + (f" ({unit_name})" if unit_name else "")
    set_text(sheet.cell(row=1, column=1), f"Phản hồi số liệu báo cáo – đơn vị {who}").font = Font(
        bold=True, size=13
    )
    for column, (title, width) in enumerate(WORKBOOK_COLUMNS, start=1):
        set_text(sheet.cell(row=3, column=column), title).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for r, values in enumerate(_workbook_rows(findings, missed, unreadable, deadlines), start=4):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, date):
                text = f"tháng {value.month}/{value.year}" if c == 2 else format_date_vi(value)
                set_text(cell, text)
            elif isinstance(value, int):
                cell.value = value
            else:
                set_text(cell, value)
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(WORKBOOK_COLUMNS))}{max(sheet.max_row, 3)}"
    with replaced_atomically(path, suffix=".xlsx") as temporary:
        workbook.save(temporary)
    return path


# --- files -------------------------------------------------------------------------

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def feedback_file_name(unit_code: str) -> str:
    """`<unit_code>.md`; a code that is not a plain name gets a slug and a hash instead,
    so that no code can name a path outside the folder or another unit's file."""
    if _SAFE_NAME.fullmatch(unit_code):
        return f"{unit_code}.md"
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", unit_code).strip("_")[:40] or "unit"
    digest = hashlib.sha256(unit_code.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}.md"


def _write_atomic(path: Path, content: str) -> bool:
    """Write ``content`` unless the file already holds it; True when written."""
    data = content.encode("utf-8")
    try:
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            return False
    except OSError:
        pass
    # A leftover temporary file ends in .md too, so `_remove_stale` clears it later.
    with replaced_atomically(path, suffix=".md") as temporary:
        temporary.write_bytes(data)
    return True


def _remove_stale(folder: Path, keep: set[str]) -> None:
    """Feedback files (`*.md`, `*.xlsx`) of a previous run not written now, and leftover
    temporary files; nothing else, and nothing in sub-folders."""
    for entry in folder.iterdir():
        if entry.name in keep or entry.suffix not in FEEDBACK_SUFFIXES:
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)


def _unit_of_file(
    file_path: str, file_units: Mapping[str, str | None], known: frozenset[str] | None
) -> str | None:
    """The unit a file belongs to: the one unit its rows name, else the unit its name
    gives (``BC01_2023-06.csv``), so a file rejected whole still reaches its sender."""
    unit = file_units.get(file_path)
    if unit is not None:
        return unit
    named, _ = named_in_file(file_path)
    return named if _is_known(named, known) else None


def write_feedback(con: duckdb.DuckDBPyConnection, reports_dir: Path) -> list[Path]:
    """Write the feedback files of the current quality tables; return their paths."""
    findings = _findings(con)
    unreadable = [
        Unreadable(path, reason or "")
        for path, reason in _select(con, "quality", "rejected_files", ("file_path", "reason_vi"))
        if path and path.startswith(SUBMISSIONS_PREFIX)
    ]
    manifest = _select(con, "quality", "file_manifest", ("file_path", "unit_codes"))
    registry = _select(con, "staging", "stg_reporting_units", ("unit_code", "unit_name"))
    names = {_code(code): name for code, name in registry if _code(code)}
    known = frozenset(names) if registry else None
    file_units = _file_units(findings, manifest, known)

    by_unit: dict[str, list[Finding]] = defaultdict(list)
    unplaced: list[Finding] = []
    for finding in findings:
        own = finding.unit_code if _is_known(finding.unit_code, known) else None
        unit = own or _unit_of_file(finding.file_path, file_units, known)
        if unit is None:
            unplaced.append(finding)
        else:
            by_unit[unit].append(finding)
    unreadable_by_unit: dict[str, list[Unreadable]] = defaultdict(list)
    unread_unplaced: list[Unreadable] = []
    for item in unreadable:
        unit = _unit_of_file(item.file_path, file_units, known)
        (unreadable_by_unit[unit] if unit else unread_unplaced).append(item)

    folder = reports_dir / FEEDBACK_DIR
    if folder.is_symlink():
        raise ValueError(f"{folder} is a symbolic link: feedback is written only into a folder")
    folder.mkdir(parents=True, exist_ok=True)
    missed_by_unit: dict[str, list[MissedReport]] = defaultdict(list)
    for missed in _missed_reports(con):
        missed_by_unit[missed.unit_code].append(missed)
    deadlines = _deadlines(con)
    units = sorted(set(by_unit) | set(missed_by_unit) | set(unreadable_by_unit))
    parts = {
        unit: (by_unit[unit], missed_by_unit[unit], unreadable_by_unit[unit]) for unit in units
    }
    contents = {
        feedback_file_name(unit): unit_markdown(
            unit, names.get(unit), found, missed, unread, deadlines
        )
        for unit, (found, missed, unread) in parts.items()
    }
    _add_review_requests(contents, _open_review_flags(con))
    if unread_unplaced or unplaced:
        contents[UNKNOWN_UNIT_FILE] = unknown_unit_markdown(unread_unplaced, unplaced)
    keep = set(contents)
    unit_of_file_name = {feedback_file_name(unit): unit for unit in parts}
    for name, content in contents.items():
        changed = _write_atomic(folder / name, content)
        unit = unit_of_file_name.get(name)
        if unit is None:  # the Department's own file of what has no unit
            continue
        workbook = folder / (name.removesuffix(".md") + ".xlsx")
        keep.add(workbook.name)
        # The workbook follows its Markdown: rewritten only when that changed.
        if changed or not workbook.is_file():
            write_unit_workbook(workbook, unit, names.get(unit), *parts[unit], deadlines)
    _remove_stale(folder, keep)
    return sorted(folder / name for name in keep)


# --- values held for review (Review before publication) -------------------------------

REVIEW_TITLE = "## Đề nghị xác nhận hoặc sửa số liệu"
REVIEW_INTRO = (
    "Các giá trị dưới đây có thể bị nhầm (ví dụ sai dấu thập phân hoặc đơn vị tính). Báo "
    "cáo của Sở chỉ là bản dự thảo cho đến khi đơn vị xác nhận giá trị là đúng hoặc gửi "
    "lại số liệu đã sửa."
)


def _open_review_flags(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """unit → (indicator, month, value, why) of its values held for review."""
    rows = _select(
        con,
        "quality",
        "open_review_flags",
        ("unit_code", "indicator_code", "month_start", "value", "message_vi"),
    )
    names = _indicator_names(con)
    by_unit: dict[str, list[tuple]] = defaultdict(list)
    for unit, indicator, month, value, why in sorted(rows, key=lambda r: tuple(map(str, r))):
        shown = f"{names[indicator]} ({indicator})" if indicator in names else indicator
        by_unit[str(unit)].append((shown, month, value, why))
    return by_unit


def review_request_markdown(flags: Sequence[tuple]) -> str:
    lines = [
        REVIEW_TITLE,
        "",
        REVIEW_INTRO,
        "",
        "| Chỉ tiêu | Tháng | Giá trị đã gửi | Lý do |",
        "| --- | --- | ---: | --- |",
    ]
    for indicator, month, value, why in flags:
        shown_month = month.strftime("%m/%Y") if hasattr(month, "strftime") else str(month)
        lines.append(
            f"| {md_escape(str(indicator))} | {shown_month} | {_decimal_vi(value)} | "
            f"{md_escape(str(why))} |"
        )
    return "\n".join(lines)


def _decimal_vi(value: object) -> str:
    """1726.000000 → 1726; 17.26 → 17,26 (the decimal comma units type)."""
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return md_escape(text.replace(".", ","))


def _add_review_requests(contents: dict[str, str], flags: dict[str, list[tuple]]) -> None:
    """Append the request to confirm or correct to the files of units with open flags."""
    for unit, these in flags.items():
        name = feedback_file_name(unit)
        if name in contents:
            contents[name] = (
                contents[name].rstrip("\n") + "\n\n" + review_request_markdown(these) + "\n"
            )
