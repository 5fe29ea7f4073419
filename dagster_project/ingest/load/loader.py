"""The two entry points the Dagster assets call: reference data, then submissions.

Both read only under the raw folder, write only the `raw` schema of the given DuckDB
connection, and write all their tables in one transaction, so a failed load leaves
the previous state in place. Running either twice on the same folder gives the same
tables.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from dagster_project.common.fault_points import hold_at
from dagster_project.ingest.check.contracts import FILE_PATH, ROW_NUMBER, Catalogue
from dagster_project.ingest.check.csv_batch import PlainFile, plain_header, read_plain
from dagster_project.ingest.errors import IngestError, UnreadableFile
from dagster_project.ingest.files.discovery import (
    SUBMISSIONS_DIR,
    FoundFile,
    PreviousManifest,
    discover,
    max_file_bytes,
    read_found,
)
from dagster_project.ingest.load.reference import (
    INDICATORS,
    PLANS,
    PROVINCES,
    REFERENCE_DIR,
    REPORTING_CALENDAR,
    REPORTING_UNITS,
    REVIEWS,
    VALIDATION_RULES,
    CheckedTable,
    ReferenceFile,
    accepted_codes,
    check_indicators,
    check_plans,
    check_provinces,
    check_reporting_calendar,
    check_reporting_units,
    check_reviews,
    check_validation_rules,
    read_reference,
)
from dagster_project.ingest.load.submissions import TEXT_SCHEMA, check_submissions, combine
from dagster_project.ingest.read.csv_reader import MalformedLine
from dagster_project.ingest.read.readers import read_submission
from dagster_project.ingest.read.text import UTF8
from dagster_project.ingest.tables import (
    conform,
    polars_schema,
    read_table,
    table_exists,
    write_raw,
    write_raw_files,
)

Log = Callable[[str], object]
PROGRESS_EVERY = 500  # files between two lines of the run log
COUNT_EVERY = 50  # files between two updates of the progress bar (progress.count)
# Plain CSV files parsed together (csv_batch.py); the bound keeps their bytes in memory
# for one batch at a time, not for the whole run.
PLAIN_BATCH_FILES = 5000


@dataclass(frozen=True)
class ReferenceResult:
    rows: dict[str, int]  # raw table → rows written
    rejected_rows: dict[str, int]  # raw table → rows of its file rejected


@dataclass(frozen=True)
class SubmissionResult:
    files_found: int
    files_loaded: int
    files_duplicate: int
    files_rejected: int
    files_skipped: int  # hidden files and folders, not in the manifest
    rows_received: int
    rows_accepted: int
    rows_rejected: int
    row_warnings: int = 0  # rows flagged without being rejected (raw.row_warnings)


def load_reference(
    raw_dir: Path, con: duckdb.DuckDBPyConnection, log: Log = print
) -> ReferenceResult:
    """Check `reference/*.csv` and replace `raw.indicators, reporting_units, plans, provinces,
    reporting_calendar`.

    A missing or unreadable required file raises `IngestError`: nothing can be checked
    without it. Rejected rows replace the `reference/` rows of `raw.rejected_rows`.
    """
    cap = max_file_bytes()
    indicators = check_indicators(_read_required(raw_dir, INDICATORS, cap))
    units = check_reporting_units(_read_required(raw_dir, REPORTING_UNITS, cap))
    plans = check_plans(
        _read_required(raw_dir, PLANS, cap), accepted_codes(indicators, "indicator_code")
    )
    provinces = check_provinces(read_reference(raw_dir, PROVINCES, cap))
    calendar = check_reporting_calendar(read_reference(raw_dir, REPORTING_CALENDAR, cap))
    tables: list[CheckedTable] = [indicators, units, plans, provinces, calendar]
    tables += _review_tables(raw_dir, indicators, units, cap)
    rejected = pl.concat([t.checked.rejected_rows for t in tables], how="vertical")
    write_raw(
        con,
        {t.table: t.rows for t in tables},
        rejected_rows=rejected,
        rejected_prefix=f"{REFERENCE_DIR}/",
    )
    result = ReferenceResult(
        rows={t.table: t.rows.height for t in tables},
        rejected_rows={t.table: _rejected_count(t) for t in tables},
    )
    for t in tables:
        log(
            f"reference {t.table}: {result.rows[t.table]} rows loaded, "
            f"{result.rejected_rows[t.table]} rejected"
        )
    return result


def load_submissions(
    raw_dir: Path,
    con: duckdb.DuckDBPyConnection,
    log: Log = print,
    folders: Collection[str] | None = None,
    count: Callable[[int, int], object] = lambda done, total: None,
) -> SubmissionResult:
    """Find, read and check `submissions/**`; replace the submission tables of `raw`.

    Writes `raw.file_manifest`, `raw.submission_values`, `raw.rejected_files`,
    `raw.row_warnings` and the `submissions/` rows of `raw.rejected_rows`. Needs
    `raw.indicators` and `raw.reporting_units` (see `load_reference`) in `con`.

    `folders` (relative to the raw folder, e.g. `submissions/2023/06`: the Dagster
    partitions of a run) limits the work to the files directly in those folders: their
    rows are replaced, and so are the rows of files that have disappeared; the rows of
    every other file are left as they are. `count(done, total)` is told how many of the
    files to read have been read (a progress bar).
    """
    catalogue = read_catalogue(con)
    cap = max_file_bytes()
    previous = previous_manifest(con)
    found = discover(raw_dir, previous, cap)
    for path in found.skipped:
        log(f"skipped hidden file or folder: {path}")
    present = {f.path for f in found.files}
    selected = (
        present
        if folders is None
        else {path for path in present if posixpath.dirname(path) in set(folders)}
    )
    gone = set(previous) - present
    # Which of several identical files is the original can change with the selected or
    # vanished ones: every file sharing their bytes is decided (and loaded) again.
    shared = {f.sha256 for f in found.files if f.path in selected} | {
        previous[path][0] for path in gone
    }
    selected |= {f.path for f in found.files if f.sha256 is not None and f.sha256 in shared}
    files = tuple(f for f in found.files if f.path in selected)
    to_read = [f for f in files if f.rejection is None and f.duplicate_of is None]
    log(f"submissions: {len(found.files)} files found, {len(to_read)} to read")

    frames: list[tuple[str, pl.DataFrame]] = []
    batches: list[pl.DataFrame] = []  # rows of plain files, read together
    plain: list[PlainFile] = []
    malformed: list[tuple[str, MalformedLine]] = []
    encodings: dict[str, str | None] = {}
    unreadable: dict[str, UnreadableFile] = {}
    for done, item in enumerate(to_read, start=1):
        try:
            data = read_found(item, cap)
            header = plain_header(data) if item.file_format == "csv" else None
            if header is None:
                table = read_submission(item.path, data)
        except UnreadableFile as exc:
            unreadable[item.path] = exc
        else:
            if header is not None:
                plain.append((item.path, data, header))
                encodings[item.path] = UTF8  # ASCII, so UTF-8 (what the reader says)
            else:
                frames.append((item.path, table.frame))
                malformed.extend((item.path, line) for line in table.malformed)
                encodings[item.path] = table.encoding
        if len(plain) >= PLAIN_BATCH_FILES:
            batches.append(read_plain(plain, TEXT_SCHEMA))
            plain = []
        if done % PROGRESS_EVERY == 0:
            log(f"read {done}/{len(to_read)} files")
        if done % COUNT_EVERY == 0 or done == len(to_read):
            count(done, len(to_read))
        if done == 1:
            hold_at("reading")
    batches.append(read_plain(plain, TEXT_SCHEMA))
    # The rows in the order the files were listed (by path), as one by one.
    text = pl.concat([combine(frames), *batches], how="vertical").sort(FILE_PATH, ROW_NUMBER)

    checked = check_submissions(text, catalogue, malformed)
    manifest = _manifest(files, encodings, unreadable, checked.checked.counts)
    rejected_files = _rejected_files(files, unreadable)
    tables = {
        "file_manifest": manifest,
        "submission_values": checked.values,
        "rejected_files": rejected_files,
        "row_warnings": checked.warnings,
    }
    if folders is None:
        write_raw(
            con,
            tables,
            rejected_rows=checked.checked.rejected_rows,
            rejected_prefix=f"{SUBMISSIONS_DIR}/",
        )
    else:
        write_raw_files(
            con, tables, rejected_rows=checked.checked.rejected_rows, paths=selected | gone
        )
        if gone:
            log(f"rows of {len(gone)} files no longer under the raw folder removed")
    outcomes = manifest.get_column("outcome")
    result = SubmissionResult(
        files_found=manifest.height,
        files_loaded=int((outcomes == "loaded").sum()),
        files_duplicate=int((outcomes == "duplicate").sum()),
        files_rejected=int((outcomes == "rejected").sum()),
        files_skipped=len(found.skipped),
        rows_received=int(manifest.get_column("received_rows").sum()),
        rows_accepted=int(manifest.get_column("accepted_rows").sum()),
        rows_rejected=int(manifest.get_column("rejected_rows").sum()),
        row_warnings=checked.warnings.height,
    )
    if result.row_warnings:
        log(f"submissions: {result.row_warnings} row warnings (see raw.row_warnings)")
    log(
        f"submissions: {result.files_loaded} files loaded, {result.files_duplicate} duplicate, "
        f"{result.files_rejected} rejected; rows {result.rows_received} received, "
        f"{result.rows_accepted} accepted, {result.rows_rejected} rejected"
    )
    return result


def read_catalogue(con: duckdb.DuckDBPyConnection) -> Catalogue:
    """The accepted reference data that submissions are checked against."""
    if not (table_exists(con, "indicators") and table_exists(con, "reporting_units")):
        raise IngestError(
            "raw.indicators and raw.reporting_units are missing: load the reference data first"
        )
    indicators = read_table(
        con, "indicators", ["indicator_code", "kind", "numerator_code", "denominator_code"]
    )
    units = read_table(con, "reporting_units", ["unit_code"])
    ratios = indicators.filter(pl.col("kind") == "ratio").drop_nulls(
        ["numerator_code", "denominator_code"]
    )
    return Catalogue(
        unit_codes=frozenset(units.get_column("unit_code").to_list()),
        indicator_kinds=dict(indicators.select("indicator_code", "kind").iter_rows()),
        ratio_parts=tuple(sorted(ratios.select("numerator_code", "denominator_code").iter_rows())),
    )


def _review_tables(
    raw_dir: Path, indicators: CheckedTable, units: CheckedTable, cap: int
) -> list[CheckedTable]:
    """The optional `validation_rules` and `reviews` (empty tables when absent)."""
    indicator_codes = accepted_codes(indicators, "indicator_code")
    catalogue = Catalogue(
        unit_codes=accepted_codes(units, "unit_code"),
        indicator_kinds=dict(indicators.rows.select("indicator_code", "kind").iter_rows()),
        ratio_parts=(),
    )
    return [
        check_validation_rules(
            read_reference(raw_dir, VALIDATION_RULES, cap), indicator_codes
        ),
        check_reviews(read_reference(raw_dir, REVIEWS, cap), catalogue),
    ]


def previous_manifest(con: duckdb.DuckDBPyConnection) -> PreviousManifest:
    """path → (sha256, first_seen_at) from the last `raw.file_manifest`, if there is one."""
    if not table_exists(con, "file_manifest"):
        return {}
    rows = read_table(con, "file_manifest", ["file_path", "sha256", "first_seen_at"])
    return {path: (sha, seen) for path, sha, seen in rows.iter_rows()}


def _read_required(raw_dir: Path, spec: ReferenceFile, cap: int) -> pl.DataFrame:
    frame = read_reference(raw_dir, spec, cap)
    if frame is None:  # read_reference returns None only for an optional file
        raise IngestError(f"{raw_dir / spec.path} is missing")
    return frame


def _rejected_count(table: CheckedTable) -> int:
    return int(table.checked.counts.get_column("rejected_rows").sum())


def _outcome(item: FoundFile, unreadable: dict[str, UnreadableFile]) -> str:
    if item.rejection is not None or item.path in unreadable:
        return "rejected"
    return "duplicate" if item.duplicate_of is not None else "loaded"


def _manifest(
    files: tuple[FoundFile, ...],
    encodings: dict[str, str | None],
    unreadable: dict[str, UnreadableFile],
    counts: pl.DataFrame,
) -> pl.DataFrame:
    schema = polars_schema("file_manifest")
    listed = pl.DataFrame(
        [
            {
                "file_path": item.path,
                "size_bytes": item.size_bytes,
                "sha256": item.sha256,
                "first_seen_at": item.first_seen_at,
                "file_format": item.file_format,
                "encoding": encodings.get(item.path),
                "outcome": _outcome(item, unreadable),
                "duplicate_of": item.duplicate_of,
            }
            for item in files
        ],
        # The manifest's columns but the row counts, which the join below brings.
        schema={
            name: dtype
            for name, dtype in schema.items()
            if name == FILE_PATH or name not in counts.columns
        },
    )
    manifest = listed.join(counts, on=FILE_PATH, how="left").with_columns(
        pl.col("received_rows", "accepted_rows", "rejected_rows").fill_null(0)
    )
    broken = manifest.filter(
        pl.col("received_rows") != pl.col("accepted_rows") + pl.col("rejected_rows")
    )
    if broken.height:
        raise IngestError(f"row counts do not add up for {broken.get_column(FILE_PATH).to_list()}")
    return conform("file_manifest", manifest.sort(FILE_PATH))


def _rejected_files(
    files: tuple[FoundFile, ...], unreadable: dict[str, UnreadableFile]
) -> pl.DataFrame:
    rows = []
    for item in files:
        error = item.rejection or unreadable.get(item.path)
        if error is not None:
            rows.append(
                {
                    "file_path": item.path,
                    "sha256": item.sha256,
                    "size_bytes": item.size_bytes,
                    "reason": error.reason_en,
                    "reason_vi": error.reason_vi,
                }
            )
    return pl.DataFrame(rows, schema=polars_schema("rejected_files"))
