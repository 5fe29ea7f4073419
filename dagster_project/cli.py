"""`python -m dagster_project.cli run`: materialize everything, then say where it went.

This is what `make run` calls. The run goes through the Dagster instance in
$DAGSTER_HOME, so it also shows up in the UI (`make dev`). When it fails, what failed
and why (the underlying cause, not only the step; a blocking check with the figures it
stopped) is printed and appended to `<reports>/run_failures.log`.
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg

from dagster_project.failures import LAUNCHED_BY_TAG, failure_lines, failure_record, write_failure
from dagster_project.settings import Settings
from dagster_project.summary import summarize

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def run_whole_graph(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    settings: Settings,
    tags: dict[str, str] | None = None,
):
    """One run of every asset over every submission file now in the raw folder."""
    from dagster_project.run_workers import fail_dead_runs
    from dagster_project.runs import whole_graph_tags

    fail_dead_runs(instance)
    return defs.resolve_job_def("full_pipeline").execute_in_process(
        instance=instance,
        tags={**whole_graph_tags(instance, settings.raw_dir), **(tags or {})},
        raise_on_error=False,
        run_config=QUIET_LOGS,  # progress, not Dagster's step-by-step debug events
    )


def run_pipeline() -> int:
    from dagster_project.definitions import defs  # slow import: only when running
    from dagster_project.instance import opened_instance

    settings = Settings.from_env()
    print(f"Input folder: {settings.raw_dir}")
    with opened_instance() as instance:
        result = run_whole_graph(defs, instance, settings, tags={LAUNCHED_BY_TAG: "cli"})
        run = instance.get_run_by_id(result.run_id)
    if not result.success:
        lines = failure_lines(result.all_events)
        print("\n".join(lines), file=sys.stderr)
        write_failure(failure_record(run, "\n".join(lines)), settings.reports_dir)
        print(
            f"The run failed; the last published warehouse was left as it was: "
            f"{settings.warehouse}\n(also written to {settings.reports_dir / 'run_failures.log'})",
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
