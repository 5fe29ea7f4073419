"""The stage lines `make run` prints, from the run's log records (progress.py)."""

from __future__ import annotations

import io
import logging
from types import SimpleNamespace

from dagster_project.orchestration import progress
from dagster_project.orchestration.progress import ProgressLines, bar


def _record(step: str | None, event: str | None, message: str, level=logging.DEBUG):
    record = logging.LogRecord("x", level, __file__, 1, message, None, None)
    dagster_event = SimpleNamespace(event_type_value=event) if event else None
    record.dagster_meta = {
        "step_key": step, "dagster_event": dagster_event, "orig_message": message
    }  # fmt: skip
    return record


def _stage_lines(out: io.StringIO) -> list[str]:
    """The lines without their seconds (the one part that depends on the clock)."""
    lines = out.getvalue().splitlines()
    return [line.split(" s  ", 1)[1] if " s  " in line else line for line in lines]


def test_one_line_per_stage_with_counts_checks_grouped_and_errors_shown():
    out = io.StringIO()
    lines = ProgressLines(out, live=False)
    lines.record(_record("submission_tables", "STEP_START", "started"))
    with progress.counts_to(lines.counted):
        progress.count(50, 200)
        progress.count(200, 200)
    lines.record(_record("submission_tables", None, "read 200/200 files", logging.INFO))
    lines.record(_record("raw__file_manifest_rows_accounted_for", "STEP_START", "started"))
    lines.record(_record("raw__submission_values_submission_contracts", "STEP_START", "x"))
    lines.record(_record("warehouse_models", "STEP_START", "started"))
    lines.record(_record("warehouse_models", None, "a dbt warning", logging.WARNING))
    lines.record(_record("warehouse_models", None, "dbt failed: boom", logging.ERROR))
    progress.count(3, 3)  # nobody listening any more: no effect
    lines.finish()
    assert _stage_lines(out) == [
        f"Submissions read and checked  {bar(200, 200)}",
        "Quality checks  2 checks",
        "  error: dbt failed: boom",
        "dbt models and tests",
    ]


def test_the_lock_wait_is_shown_although_it_is_info():
    out = io.StringIO()
    lines = ProgressLines(out, live=False)
    message = "another run is writing the warehouse; waiting for /x/warehouse.duckdb.lock"
    lines.record(_record(None, None, message, logging.INFO))
    assert out.getvalue() == f"  info: {message}\n"


def test_bar():
    assert bar(0, 4) == "[------------------------]   0%  0/4"
    assert bar(1, 4) == "[######------------------]  25%  1/4"
    assert bar(3240, 3240) == "[########################] 100%  3,240/3,240"
