"""The reporting calendar: the half-year report and a monthly refresh of completeness.

Units report by the 10th of the following month; the runs come a few days after the
deadlines. Both crons are settings (ICT_HALFYEAR_CRON, ICT_MONTHLY_CRON).
"""

from __future__ import annotations

import os
from datetime import datetime

import dagster as dg

from dagster_project.jobs import full_pipeline, refresh_marts
from dagster_project.resources import PipelinePaths
from dagster_project.runs import raw_dir_tags, whole_graph_tags

HALFYEAR_CRON = os.environ.get("ICT_HALFYEAR_CRON", "0 6 15 1,7 *")
MONTHLY_CRON = os.environ.get("ICT_MONTHLY_CRON", "0 6 12 * *")
TIMEZONE = os.environ.get("ICT_TIMEZONE", "Asia/Ho_Chi_Minh")


def halfyear_run_key(when: datetime) -> str:
    """The half-year a run at `when` reports on: July → H1 of this year, else H2 of last."""
    if when.month >= 7:
        return f"halfyear-{when.year}-H1"
    return f"halfyear-{when.year - 1}-H2"


@dg.schedule(
    cron_schedule=HALFYEAR_CRON,
    job=full_pipeline,
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="The half-year report, after the June and December deadlines.",
)
def halfyear_report(context: dg.ScheduleEvaluationContext, paths: PipelinePaths):
    when = context.scheduled_execution_time
    try:
        tags = whole_graph_tags(context.instance, paths.settings.raw_dir)
    except FileNotFoundError as exc:
        return dg.SkipReason(str(exc))
    return dg.RunRequest(run_key=halfyear_run_key(when), tags=tags)


@dg.schedule(
    cron_schedule=MONTHLY_CRON,
    job=refresh_marts,
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Monthly: rebuild the marts so completeness and on-time status are current.",
)
def monthly_refresh(context: dg.ScheduleEvaluationContext, paths: PipelinePaths):
    when = context.scheduled_execution_time
    return dg.RunRequest(
        run_key=f"monthly-{when:%Y-%m}", tags=raw_dir_tags(paths.settings.raw_dir)
    )
