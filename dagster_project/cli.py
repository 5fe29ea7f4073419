"""`python -m dagster_project.cli run`: materialize everything, then say where it went.

This is what `make run` calls. The run goes through the Dagster instance in
$DAGSTER_HOME, so it also shows up in the UI (`make dev`).
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg

from dagster_project.settings import Settings
from dagster_project.summary import summarize

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def run_whole_graph(defs: dg.Definitions, instance: dg.DagsterInstance, settings: Settings):
    """One run of every asset over every submission file now in the raw folder."""
    from dagster_project.runs import whole_graph_tags

    return defs.resolve_job_def("full_pipeline").execute_in_process(
        instance=instance,
        tags=whole_graph_tags(instance, settings.raw_dir),
        raise_on_error=False,
        run_config=QUIET_LOGS,  # progress, not Dagster's step-by-step debug events
    )


def run_pipeline() -> int:
    from dagster_project.definitions import defs  # slow import: only when running

    settings = Settings.from_env()
    print(f"Input folder: {settings.raw_dir}")
    with dg.DagsterInstance.get() as instance:
        result = run_whole_graph(defs, instance, settings)
    if not result.success:
        for event in result.all_events:
            if event.is_step_failure:
                print(f"FAILED {event.step_key}: {event.event_specific_data.error.message}")
        print(
            f"The run failed; the last published warehouse was left as it was: "
            f"{settings.warehouse}",
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
