"""Sensors: new submission files, failed runs, freshness of the marts."""

from __future__ import annotations

import json
import os
import urllib.request
from datetime import UTC, datetime

import dagster as dg

from dagster_project.checks import marts_freshness
from dagster_project.ingest.discovery import discover
from dagster_project.jobs import process_submission_files
from dagster_project.partitions import SUBMISSION_FOLDERS, folder_of
from dagster_project.resources import PipelinePaths

FAILURE_LOG = "run_failures.log"
WEBHOOK_ENV = "ICT_FAILURE_WEBHOOK_URL"


def new_file_requests(
    cursor: dict[str, str], current: dict[str, str]
) -> tuple[list[dg.RunRequest], list[str], list[str]]:
    """Runs for files that are new or changed (path → SHA-256), skipping duplicates.

    Each run re-reads the file's folder (its partition). Returns the run requests, the
    folders that need a partition, and the duplicates: a file whose bytes another known
    file already has launches nothing (a later run of its folder records it as such).
    """
    known_hashes = {sha for path, sha in cursor.items() if path in current}
    known_folders = {folder_of(path) for path in cursor}
    requests, duplicates = [], []
    for path, sha in sorted(current.items()):
        if cursor.get(path) == sha:
            continue
        if sha in known_hashes:
            duplicates.append(path)
            continue
        known_hashes.add(sha)
        # One run per file version: the same path and bytes never launch twice.
        requests.append(dg.RunRequest(run_key=f"{path}@{sha}", partition_key=folder_of(path)))
    new_folders = sorted({r.partition_key for r in requests} - known_folders)
    return requests, new_folders, duplicates


@dg.sensor(
    job=process_submission_files,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Launches a run for each new or changed file under raw/submissions.",
)
def new_submission_files(context: dg.SensorEvaluationContext, paths: PipelinePaths):
    current = {
        found.path: found.sha256
        for found in discover(paths.settings.raw_dir).files
        if found.sha256 is not None
    }
    cursor = json.loads(context.cursor) if context.cursor else {}
    requests, new_folders, duplicates = new_file_requests(cursor, current)
    for path in duplicates:
        context.log.info(f"{path}: same bytes as a file already received; not loaded twice")
    context.update_cursor(json.dumps(current, sort_keys=True))
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=(
            [SUBMISSION_FOLDERS.build_add_request(new_folders)] if new_folders else []
        ),
    )


def failure_record(run: dg.DagsterRun, message: str) -> dict:
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run.run_id,
        "job": run.job_name,
        "partition": run.tags.get("dagster/partition"),
        "error": message,
    }


def write_failure(record: dict, reports_dir, webhook_url: str | None) -> None:
    """Append to `<reports>/run_failures.log` (JSON lines); POST to the webhook if any."""
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


@dg.run_failure_sensor(
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=f"Writes what failed and why to <reports>/{FAILURE_LOG} (and a webhook).",
)
def report_run_failures(context: dg.RunFailureSensorContext, paths: PipelinePaths):
    record = failure_record(context.dagster_run, context.failure_event.message or "")
    record["failed_steps"] = [e.step_key for e in context.get_step_failure_events()]
    write_failure(record, paths.settings.reports_dir, os.environ.get(WEBHOOK_ENV))


marts_freshness_sensor = dg.build_sensor_for_freshness_checks(
    freshness_checks=marts_freshness, name="marts_freshness"
)
