"""Sensors: new submission files, failed runs, freshness of the marts."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.checks import marts_freshness
from dagster_project.failures import (
    FAILURE_LOG,
    LAUNCHED_BY_TAG,
    failure_lines,
    failure_record,
    write_failure,
)
from dagster_project.ingest.discovery import discover
from dagster_project.jobs import full_pipeline, process_submission_files
from dagster_project.partitions import SUBMISSION_FOLDERS, folder_of
from dagster_project.resources import PipelinePaths
from dagster_project.run_workers import fail_dead_runs
from dagster_project.runs import raw_dir_tags, whole_graph_tags
from dagster_project.warehouse import connect


def new_file_requests(
    cursor: dict[str, str], current: dict[str, str], tags: dict[str, str] | None = None
) -> tuple[list[dg.RunRequest], list[str]]:
    """Runs for files that are new or changed (path → SHA-256) since `cursor`.

    One run per folder with such files (the folder is the partition it re-reads),
    keyed by the new file versions, so the same files never launch twice. A file with
    the bytes of a file already known launches nothing (the next run of its folder
    records it as a duplicate); a removed file re-runs its folder, so its rows go.
    Returns the run requests (with `tags`) and the duplicates.
    """
    # Bytes still present under the path that had them: what a new file may duplicate.
    known_hashes = {sha for path, sha in cursor.items() if current.get(path) == sha}
    changed: dict[str, list[str]] = {}
    duplicates = []
    for path, sha in sorted(current.items()):
        if cursor.get(path) == sha:
            continue
        if sha in known_hashes:
            duplicates.append(path)
            continue
        known_hashes.add(sha)
        changed.setdefault(folder_of(path), []).append(f"{path}@{sha}")
    for path in sorted(set(cursor) - set(current)):  # removed: its rows must go too
        changed.setdefault(folder_of(path), []).append(f"{path}@gone")
    requests = [
        dg.RunRequest(
            run_key=" ".join(versions),
            partition_key=folder,
            job_name=process_submission_files.name,
            tags=tags,
        )
        for folder, versions in changed.items()
    ]
    return requests, duplicates


def loaded_files(warehouse: Path) -> dict[str, str] | None:
    """path → SHA-256 of the files the published warehouse holds; None before any load."""
    if not warehouse.exists():
        return None
    try:
        with connect(warehouse, read_only=True) as con:
            rows = con.execute(
                "select file_path, sha256 from quality.file_manifest where sha256 is not null"
            ).fetchall()
    except duckdb.Error:  # unreadable: as if nothing were loaded, so everything runs
        return None
    return dict(rows)


@dg.sensor(
    jobs=[process_submission_files, full_pipeline],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Runs what new or changed files under raw/submissions feed: their folders' "
        "partitions, or the whole graph once if nothing has been loaded yet."
    ),
)
def new_submission_files(context: dg.SensorEvaluationContext, paths: PipelinePaths):
    settings = paths.settings
    current = {
        found.path: found.sha256
        for found in discover(settings.raw_dir).files
        if found.sha256 is not None
    }
    # The first tick starts from what the published warehouse already holds.
    cursor = json.loads(context.cursor) if context.cursor else loaded_files(settings.warehouse)
    context.update_cursor(json.dumps(current, sort_keys=True))
    if cursor is None:
        # Nothing loaded yet (not even the reference data): one run of everything.
        try:
            tags = whole_graph_tags(context.instance, settings.raw_dir)
        except FileNotFoundError as exc:
            return dg.SkipReason(str(exc))
        return dg.RunRequest(run_key="initial-load", job_name=full_pipeline.name, tags=tags)
    requests, duplicates = new_file_requests(cursor, current, raw_dir_tags(settings.raw_dir))
    for path in duplicates:
        context.log.info(f"{path}: same bytes as a file already received; not loaded twice")
    known = set(context.instance.get_dynamic_partitions(SUBMISSION_FOLDERS.name))
    new_folders = sorted({r.partition_key for r in requests} - known)
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=(
            [SUBMISSION_FOLDERS.build_add_request(new_folders)] if new_folders else []
        ),
    )


@dg.run_failure_sensor(
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=f"Writes what failed and why to <reports>/{FAILURE_LOG} (and a webhook).",
)
def report_run_failures(context: dg.RunFailureSensorContext, paths: PipelinePaths):
    run = context.dagster_run
    if run.tags.get(LAUNCHED_BY_TAG) == "cli":
        return  # `make run` has logged it already
    events = [
        entry.dagster_event
        for entry in context.instance.all_logs(run.run_id)
        if entry.dagster_event is not None
    ]
    message = "\n".join(failure_lines(events)) or context.failure_event.message or ""
    record = failure_record(run, message)
    record["failed_steps"] = [e.step_key for e in context.get_step_failure_events()]
    write_failure(record, paths.settings.reports_dir)


@dg.sensor(
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Marks runs whose process was killed as failed, so that the one-at-a-time run "
        "queue moves on (Dagster cannot tell for the default run launcher)."
    ),
)
def dead_runs(context: dg.SensorEvaluationContext):
    failed = fail_dead_runs(context.instance, log=context.log.warning)
    return dg.SkipReason(f"{len(failed)} dead runs marked failed" if failed else "none")


marts_freshness_sensor = dg.build_sensor_for_freshness_checks(
    freshness_checks=marts_freshness, name="marts_freshness"
)
