"""Sensors: new submission files, failed runs, freshness of the marts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.ingest.files.discovery import discover
from dagster_project.orchestration.checks import marts_freshness
from dagster_project.orchestration.failures import (
    FAILURE_LOG,
    LAUNCHED_BY_TAG,
    failure_lines,
    failure_record,
    write_failure,
)
from dagster_project.orchestration.jobs import full_pipeline, process_submission_files
from dagster_project.orchestration.partitions import (
    FOLDERS_TAG,
    PROVINCE_TAG,
    folder_of,
    folders_run_config,
    province_of,
)
from dagster_project.orchestration.resources import PipelinePaths
from dagster_project.orchestration.run_workers import fail_dead_runs
from dagster_project.orchestration.runs import raw_dir_tags, whole_graph_tags
from dagster_project.publish.warehouse import connect


def new_file_requests(
    cursor: dict[str, str], current: dict[str, str], tags: dict[str, str] | None = None
) -> tuple[list[dg.RunRequest], list[str]]:
    """The runs for files that are new or changed (path → SHA-256) since `cursor`.

    One run per province re-reading the folders of that province with such files (named
    in its run config, the province in its tags), and one run for the folders outside
    the national layout; each keyed by its new file versions, so the same files never
    launch twice. A file with the bytes of a file already known launches nothing (the
    next run of its folder records it as a duplicate); a removed file re-runs its
    folder, so its rows go. Returns the run requests (with `tags`) and the duplicates.
    """
    # Bytes still present under the path that had them: what a new file may duplicate.
    known_hashes = {sha for path, sha in cursor.items() if current.get(path) == sha}
    versions: list[str] = []
    duplicates = []
    for path, sha in sorted(current.items()):
        if cursor.get(path) == sha:
            continue
        if sha in known_hashes:
            duplicates.append(path)
            continue
        known_hashes.add(sha)
        versions.append(f"{path}@{sha}")
    versions += [f"{path}@gone" for path in sorted(set(cursor) - set(current))]
    by_province: dict[str | None, list[str]] = {}
    for version in versions:
        province = province_of(folder_of(version.rsplit("@", 1)[0]))
        by_province.setdefault(province, []).append(version)
    requests = [
        _folders_request(group, {**(tags or {}), **({PROVINCE_TAG: p} if p else {})})
        for p, group in sorted(by_province.items(), key=lambda item: item[0] or "")
    ]
    return requests, duplicates


# PostgreSQL (service mode) indexes every run tag, the run key among them, and an index
# entry holds at most about 2,700 bytes: a longer tag failed the insert of the run's
# tags, and the run went untagged (seen with a province's first 96 files, whose
# versions made a 10 kB key). SQLite has no limit.
MAX_TAG_CHARS = 1000


def _folders_request(versions: list[str], tags: dict[str, str]) -> dg.RunRequest:
    """The run re-reading the folders of `versions` (path@sha256 or path@gone)."""
    folders = sorted({folder_of(version.rsplit("@", 1)[0]) for version in versions})
    key = " ".join(versions)
    if len(key) > MAX_TAG_CHARS:  # the same versions still give the same key
        key = f"{len(versions)} file versions, sha256 {hashlib.sha256(key.encode()).hexdigest()}"
    listed = " ".join(folders)
    if len(listed) > MAX_TAG_CHARS:  # all of them are in the run config
        listed = f"{len(folders)} folders, {folders[0]} to {folders[-1]}"
    return dg.RunRequest(
        run_key=key,
        job_name=process_submission_files.name,
        run_config=folders_run_config(folders),
        tags={**tags, FOLDERS_TAG: listed},
    )


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
        "Runs what new or changed files under raw/submissions feed: one run per province "
        "re-reading its folders (tagged ict/province), or the whole graph once if nothing "
        "has been loaded yet."
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
    return dg.SensorResult(run_requests=requests)


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
