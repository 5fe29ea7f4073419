"""`reference/reporting_calendar.csv`: optional, checked by its contract, loaded into
`raw.reporting_calendar`; bad rows are quarantined with their reasons, the rest loads."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.ingest.load.loader import load_reference
from dagster_project.orchestration.schedules import monthly_cron

CALENDAR = """\
activity,frequency,deadline_day,deadline_months_after
 IT ,Half_Yearly,20,1
postal,monthly,5,1
internet,weekly,10,1
telephone,quarterly,32,1
printing,yearly,15,-1
agency,monthly,10,
dvc,monthly,0,0
tower,quarterly,10,0
tower,monthly,10,1
"""


def _load(raw_folder, calendar: str | None):
    reference = {} if calendar is None else {"reporting_calendar.csv": calendar}
    raw = raw_folder(reference=reference)
    con = duckdb.connect()
    result = load_reference(raw, con, log=lambda _: None)
    return con, result


def test_an_absent_calendar_is_an_empty_table(raw_folder):
    con, result = _load(raw_folder, None)
    assert result.rows["reporting_calendar"] == 0
    assert con.execute("select count(*) from raw.reporting_calendar").fetchall() == [(0,)]


def test_good_rows_load_typed_and_bad_rows_are_rejected_with_reasons(raw_folder):
    con, result = _load(raw_folder, CALENDAR)
    assert con.execute("select * from raw.reporting_calendar order by activity").fetchall() == [
        ("it", "half_yearly", 20, 1),
        ("postal", "monthly", 5, 1),
    ]
    assert result.rejected_rows["reporting_calendar"] == 7
    rejected = con.execute(
        """
        select row_number, column_name, value, check_name, message_vi <> ''
        from raw.rejected_rows where file_path = 'reference/reporting_calendar.csv'
        order by row_number, check_name
        """
    ).fetchall()
    assert rejected == [
        (4, "frequency", "weekly", "frequency_known", True),
        (5, "deadline_day", "32", "deadline_day_in_month", True),
        (6, "deadline_months_after", "-1", "deadline_months_after_valid", True),
        (7, "deadline_months_after", None, "deadline_months_after_valid", True),
        (8, "deadline_day", "0", "deadline_day_in_month", True),
        (9, "activity", "tower", "activity_unique", True),
        (10, "activity", "tower", "activity_unique", True),
    ]
    (message,) = con.execute(
        "select message from raw.rejected_rows where check_name = 'frequency_known'"
    ).fetchone()
    assert message == "frequency must be monthly, quarterly, half_yearly or yearly"


CALENDAR_HEADER = "activity,frequency,deadline_day,deadline_months_after\n"


@pytest.mark.parametrize(
    ("calendar", "cron"),
    [
        (None, "0 6 12 * *"),  # no calendar: everyone due on the 10th
        # Every registry activity listed (the fixture's: postal, telephone, internet, so_tttt).
        (
            "postal,monthly,15,1\ntelephone,monthly,20,1\ninternet,quarterly,25,1\n"
            "so_tttt,monthly,16,1\n",
            "0 6 17 * *",
        ),
        ("postal,monthly,15,1\n", "0 6 12 * *"),  # the others default to the 10th
        ("postal,monthly,5,1\n", "0 6 7 * *"),
        (
            "postal,monthly,31,1\ntelephone,monthly,31,1\ninternet,monthly,31,1\n"
            "so_tttt,monthly,30,1\n",
            "0 6 28 * *",  # the 28th at the latest: every month has one
        ),
        ("postal,weekly,1,1\n", "0 6 12 * *"),  # a rejected row counts for nothing
    ],
)
def test_monthly_run_two_days_after_the_earliest_deadline(raw_folder, calendar, cron):
    reference = {} if calendar is None else {"reporting_calendar.csv": CALENDAR_HEADER + calendar}
    assert monthly_cron(raw_folder(reference=reference)) == cron


def test_an_unreadable_registry_falls_back_to_the_default_day(raw_folder):
    raw = raw_folder(reference={"reporting_units.csv": None})
    assert monthly_cron(raw) == "0 6 12 * *"


def test_an_empty_registry_and_no_calendar_fall_back_to_the_default_day(raw_folder):
    header = "unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to\n"
    raw = raw_folder(reference={"reporting_units.csv": header})
    assert monthly_cron(raw) == "0 6 12 * *"  # and loading the definitions does not crash
