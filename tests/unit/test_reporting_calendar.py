"""`reference/reporting_calendar.csv`: optional, checked by its contract, loaded into
`raw.reporting_calendar`; bad rows are quarantined with their reasons, the rest loads."""

from __future__ import annotations

import duckdb

from dagster_project.ingest import load_reference

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
