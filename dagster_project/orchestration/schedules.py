"""The reporting calendar: the half-year report and a monthly refresh of completeness.

The runs come a few days after the deadlines: the monthly refresh two days after the
earliest deadline day of `reference/reporting_calendar.csv` (read when the definitions
are built, `build_schedules`, not on import; an activity it does not list, or no
calendar at all, is due on the 10th), so on the 12th by default. Both crons and the time
zone are settings (ICT_HALFYEAR_CRON, ICT_MONTHLY_CRON, ICT_TIMEZONE; settings.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg

from dagster_project.common.settings import Settings
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.files.discovery import max_file_bytes
from dagster_project.ingest.load.reference import (
    REPORTING_CALENDAR,
    REPORTING_UNITS,
    check_reporting_calendar,
    check_reporting_units,
    read_reference,
)
from dagster_project.orchestration.jobs import full_pipeline, refresh_marts
from dagster_project.orchestration.resources import PipelinePaths
from dagster_project.orchestration.runs import raw_dir_tags, whole_graph_tags

# The deadline day of an activity the calendar does not list (as dbt's calendar_default).
DEFAULT_DEADLINE_DAY = 10
DAYS_AFTER_DEADLINE = 2
LAST_DAY_IN_EVERY_MONTH = 28  # a cron on the 29th-31st would skip the short months


def earliest_deadline_day(raw_dir: Path) -> int:
    """The earliest deadline day of the calendar's activities, and of the default for the
    registry's activities it does not list; the default when either file is missing or
    cannot be read (the load reports that, with its reasons)."""
    cap = max_file_bytes()
    try:
        calendar = check_reporting_calendar(read_reference(raw_dir, REPORTING_CALENDAR, cap))
        registry = read_reference(raw_dir, REPORTING_UNITS, cap)  # required: never None
    except (IngestError, OSError):
        return DEFAULT_DEADLINE_DAY
    listed = dict(calendar.rows.select("activity", "deadline_day").iter_rows())
    registry_activities = {
        activity.strip().lower()
        for (activities,) in check_reporting_units(registry).rows.select("activities").rows()
        for activity in activities.split(";")
    }
    unlisted = registry_activities - set(listed)
    days = [*listed.values(), *([DEFAULT_DEADLINE_DAY] if unlisted else [])]
    return min(days, default=DEFAULT_DEADLINE_DAY)  # an empty registry must not stop the load


def monthly_cron(raw_dir: Path) -> str:
    """06:00 two days after the earliest deadline day (at most the 28th)."""
    day = min(earliest_deadline_day(raw_dir) + DAYS_AFTER_DEADLINE, LAST_DAY_IN_EVERY_MONTH)
    return f"0 6 {day} * *"


def halfyear_run_key(when: datetime) -> str:
    """The half-year a run at `when` reports on: July → H1 of this year, else H2 of last."""
    if when.month >= 7:
        return f"halfyear-{when.year}-H1"
    return f"halfyear-{when.year - 1}-H2"


def halfyear_report(context: dg.ScheduleEvaluationContext, paths: PipelinePaths):
    when = context.scheduled_execution_time
    try:
        tags = whole_graph_tags(context.instance, paths.settings.raw_dir)
    except FileNotFoundError as exc:
        return dg.SkipReason(str(exc))
    return dg.RunRequest(run_key=halfyear_run_key(when), tags=tags)


def monthly_refresh(context: dg.ScheduleEvaluationContext, paths: PipelinePaths):
    when = context.scheduled_execution_time
    return dg.RunRequest(
        run_key=f"monthly-{when:%Y-%m}", tags=raw_dir_tags(paths.settings.raw_dir)
    )


def build_schedules(settings: Settings) -> list[dg.ScheduleDefinition]:
    """The two schedules on the settings' crons and time zone (the monthly cron from the
    reporting calendar under `settings.raw_dir` unless ICT_MONTHLY_CRON sets it)."""
    halfyear = dg.schedule(
        cron_schedule=settings.halfyear_cron,
        job=full_pipeline,
        execution_timezone=settings.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="The half-year report, after the June and December deadlines.",
    )(halfyear_report)
    monthly = dg.schedule(
        cron_schedule=settings.monthly_cron or monthly_cron(settings.raw_dir),
        job=refresh_marts,
        execution_timezone=settings.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=(
            "Monthly, two days after the reporting calendar's earliest deadline: rebuild the "
            "marts so completeness and on-time status are current."
        ),
    )(monthly_refresh)
    return [halfyear, monthly]
