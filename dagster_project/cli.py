"""`python -m dagster_project.cli run`: materialize everything, then say where it went.

This is what `make run` calls. The run goes through the Dagster instance in
$DAGSTER_HOME, so it also shows up in the UI (`make dev`). The terminal gets one line
per stage, with a progress bar on the long ones (`progress.py`), then the summary; the
full Dagster and dbt log goes to `<warehouse folder>/logs/run-<time>.log`, whose path
is printed first. When the run fails, what failed and why (the underlying cause, not
only the step; a blocking check with the figures it stopped) is printed and appended to
`<reports>/run_failures.log`.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from dagster_project.common.settings import Settings
from dagster_project.orchestration.failures import (
    LAUNCHED_BY_TAG,
    failure_lines,
    failure_record,
    write_failure,
)
from dagster_project.report.summary import summarize

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
PROGRESS_LOGS = {"loggers": {"progress": {}}}


def run_whole_graph(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    settings: Settings,
    tags: dict[str, str] | None = None,
    progress: dg.LoggerDefinition | None = None,
):
    """One run of every asset over every submission file now in the raw folder.

    With `progress` (a logger definition) the run logs to it alone, not to the console.
    """
    from dagster._core.storage.defs_state.base import set_defs_state_storage

    from dagster_project.orchestration.run_workers import fail_dead_runs
    from dagster_project.orchestration.runs import whole_graph_tags

    fail_dead_runs(instance)
    # Definitions load against the state storage of the instance that runs them. Left to
    # itself, Dagster takes the process's current one, which in a long-lived process (a
    # test worker) can belong to an instance already deleted ("unable to open database
    # file").
    with set_defs_state_storage(instance.defs_state_storage):
        job = defs.resolve_job_def("full_pipeline")
    if progress is not None:
        job = job.with_logger_defs({**job.loggers, "progress": progress})
    return job.execute_in_process(
        instance=instance,
        tags={**whole_graph_tags(instance, settings.raw_dir), **(tags or {})},
        raise_on_error=False,
        # progress, not Dagster's step-by-step debug events
        run_config=PROGRESS_LOGS if progress is not None else QUIET_LOGS,
    )


def new_log_path(settings: Settings) -> Path:
    folder = settings.warehouse.parent / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"run-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.log"


def warnings_to(log_path: Path) -> None:
    """Python warnings (deprecations of the libraries) into the log file, not the screen."""
    logging.captureWarnings(True)
    handler = logging.FileHandler(log_path, encoding="utf-8")
    logging.getLogger("py.warnings").addHandler(handler)
    logging.getLogger("py.warnings").propagate = False


def run_pipeline() -> int:
    settings = Settings.from_env()
    log_path = new_log_path(settings)
    print(f"Input folder: {settings.raw_dir}")
    print(f"Full log: {log_path}", flush=True)
    warnings_to(log_path)

    from dagster_project.definitions import defs  # slow import: only when running
    from dagster_project.orchestration.instance import opened_instance
    from dagster_project.orchestration.progress import counts_to, progress_logger, terminal_lines

    lines = terminal_lines(sys.stdout)
    # What dbt and the libraries print goes to the log; the stage lines to the terminal.
    with (
        opened_instance() as instance,
        open(log_path, "a", encoding="utf-8") as log_file,
        contextlib.redirect_stdout(log_file),
        counts_to(lines.counted),
    ):
        result = run_whole_graph(
            defs, instance, settings, tags={LAUNCHED_BY_TAG: "cli"},
            progress=progress_logger(log_path, lines),
        )  # fmt: skip
        lines.finish()
        run = instance.get_run_by_id(result.run_id)
    if not result.success:
        failed = "\n".join(failure_lines(result.all_events))
        print(failed, file=sys.stderr)
        write_failure(failure_record(run, failed), settings.reports_dir)
        print(
            f"The run failed; the last published warehouse was left as it was: "
            f"{settings.warehouse}\n(also written to {settings.reports_dir / 'run_failures.log'}; "
            f"full log: {log_path})",
            file=sys.stderr,
        )
        return 1
    print(summarize(settings))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dagster_project.cli", description=__doc__)
    parser.add_argument("command", choices=["run"], help="run: materialize the whole graph")
    parser.parse_args(argv)
    return run_pipeline()


if __name__ == "__main__":
    sys.exit(main())
