"""The sample's reporting calendar (IT half-yearly, the rest monthly): IT firms are held
to their half-year deadline, and the H1 figures' completeness is what it was."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.publish.warehouse import connect

pytestmark = pytest.mark.slow


def _query(sample_run, sql: str) -> list[tuple]:
    settings, _ = sample_run
    with connect(settings.warehouse, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_it_firms_owe_one_report_per_half_year_and_sent_h1_2023_on_time(sample_run):
    rows = _query(
        sample_run,
        """
        select frequency, period, deadline, count(*), count_if(received),
               count_if(coalesce(on_time, false)), max(days_late)
        from marts.submission_status
        where unit_code like 'CNTT%' and year(period) = 2023
        group by all order by all
        """,
    )
    assert rows == [
        ("half_yearly", date(2023, 1, 1), date(2023, 7, 20), 213, 213, 213, 0),
        ("half_yearly", date(2023, 7, 1), date(2024, 1, 20), 213, 0, 0, None),
    ]
    # Not due yet when the data ends: not missed.
    missed = _query(
        sample_run,
        "select count(*) from marts.submission_status "
        "where unit_code like 'CNTT%' and missed_deadline",
    )
    assert missed == [(0,)]


def test_h1_completeness_is_unchanged(sample_run):
    rows = _query(
        sample_run,
        """
        select indicator_code, units_expected, units_reporting
        from marts.halfyear_vs_plan
        where province_code = '26' and year = 2023 and period = 'H1'
          and indicator_code in ('IT_REVENUE', 'BCVT_REVENUE', 'PRINTING_REVENUE')
        order by indicator_code
        """,
    )
    assert rows == [
        ("BCVT_REVENUE", 22, 22),
        ("IT_REVENUE", 213, 213),
        ("PRINTING_REVENUE", 30, 30),
    ]
    incomplete = _query(
        sample_run,
        "select year, period, count(*) from marts.halfyear_vs_plan "
        "where units_reporting < units_expected group by all order by all",
    )
    # Every half-year with data is complete; 2023's second half (and so its year) is not in.
    assert incomplete == [(2023, "FY", 21), (2023, "H2", 21)]
