"""What failed in a run and why, in words a person can act on, and where it is logged.

A step failure names the step; its cause is what a person must fix ("plans.csv is
missing", "… is not a valid DuckDB database file"), so every cause in the chain is
shown, not only "Exceeded max_retries". A failed blocking check also says which figures
it stopped (its `summary` metadata, else its failures table).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from dagster_project.common.settings import failure_webhook_from_env

FAILURE_LOG = "run_failures.log"
# Runs whose failure the launcher logs itself (`make run`), so the sensor does not twice.
LAUNCHED_BY_TAG = "ict/launched_by"


def _causes(error) -> list[str]:
    """The messages of an error and of each error that caused it, outermost first."""
    messages = []
    while error is not None:
        text = (error.message or "").strip()
        if text and text not in messages:
            messages.append(text)
        error = error.cause or error.context
    return messages


def _check_lines(evaluation) -> list[str]:
    lines = [
        f"BLOCKED by check {evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
        + (f": {evaluation.description}" if evaluation.description else "")
    ]
    metadata = evaluation.metadata or {}
    for key in ("summary", "failures"):
        if key in metadata:
            lines += [f"  {line}" for line in str(metadata[key].value).splitlines()]
            break
    return lines


def failure_lines(events: Iterable[dg.DagsterEvent]) -> list[str]:
    """Each failed step with its causes and each failed blocking check with its figures."""
    lines: list[str] = []
    for event in events:
        if event.is_step_failure:
            causes = _causes(event.event_specific_data.error)
            lines.append(f"FAILED {event.step_key}: {causes[0] if causes else 'no message'}")
            lines += [f"  because: {cause}" for cause in causes[1:]]
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                lines += _check_lines(evaluation)
        elif event.event_type_value == "RUN_FAILURE" and not lines:
            lines.append(f"FAILED: {event.message}")
    return lines


def failure_record(run: dg.DagsterRun, message: str) -> dict:
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run.run_id,
        "job": run.job_name,
        "partition": run.tags.get("dagster/partition"),
        "error": message,
    }


def write_failure(record: dict, reports_dir: Path) -> None:
    """Append to `<reports>/run_failures.log` (JSON lines); POST to the webhook if any."""
    webhook_url = failure_webhook_from_env()
    reports_dir.mkdir(parents=True, exist_ok=True)
    with open(reports_dir / FAILURE_LOG, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if webhook_url:
        request = urllib.request.Request(
            webhook_url,
            data=json.dumps(record, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            urllib.request.urlopen(request, timeout=5).close()
        except OSError as exc:  # the log line is written already; a dead hook is no crash
            print(f"failure webhook {webhook_url} not reached: {exc}")
