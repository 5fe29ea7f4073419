"""The reporting calendar end to end (Dagster, the Pandera contract, dbt, the report and
the feedback) on a small folder built here: a late quarterly filer, a half-yearly filer
on time, and what the Department reads about them."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.orchestration.schedules import monthly_cron
from dagster_project.publish.warehouse import connect
from tests.integration.pipeline import run_pipeline, settings_for
from tests.integration.raw_folders import build_calendar_raw_folder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def calendar_run(tmp_path_factory, dagster_instance):
    base = tmp_path_factory.mktemp("calendar")
    build_calendar_raw_folder(base / "raw")
    settings = settings_for(base / "raw", base / "out")
    assert run_pipeline(settings, dagster_instance).success
    return settings


def _query(settings, sql: str) -> list[tuple]:
    with connect(settings.warehouse, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_each_unit_owes_the_periods_of_its_frequency(calendar_run):
    rows = _query(
        calendar_run,
        """
        select unit_code, frequency, period, period_end, deadline, received, on_time,
               days_late, missed_deadline
        from marts.submission_status
        where unit_code in ('Q1', 'Q2', 'F1') and period < date '2031-07-01'
        order by unit_code, period
        """,
    )
    assert rows == [
        # Half-yearly, the whole half-year in one file on the deadline day: on time.
        ("F1", "half_yearly", date(2031, 1, 1), date(2031, 6, 30), date(2031, 7, 20),
         True, True, 0, False),
        # Quarterly, due on the 15th of the month after the quarter: Q1 three days late.
        ("Q1", "quarterly", date(2031, 1, 1), date(2031, 3, 31), date(2031, 4, 15),
         True, False, 3, True),
        ("Q1", "quarterly", date(2031, 4, 1), date(2031, 6, 30), date(2031, 7, 15),
         True, True, 0, False),
        ("Q2", "quarterly", date(2031, 1, 1), date(2031, 3, 31), date(2031, 4, 15),
         True, True, 0, False),
        # Never sent, and the deadline lies before the latest receipt (20 July).
        ("Q2", "quarterly", date(2031, 4, 1), date(2031, 6, 30), date(2031, 7, 15),
         False, None, None, True),
    ]  # fmt: skip


def test_the_year_has_four_quarters_two_halves_and_twelve_months(calendar_run):
    counts = _query(
        calendar_run,
        "select unit_code, frequency, count(*) from marts.submission_status "
        "group by all order by all",
    )
    assert counts == [
        ("F1", "half_yearly", 2),
        ("Q1", "quarterly", 4),
        ("Q2", "quarterly", 4),
        ("S1", "monthly", 12),
    ]
    # What is not due yet (H2, later quarters and months) has not missed its deadline.
    missed = _query(
        calendar_run,
        "select unit_code, period from marts.submission_status where missed_deadline order by all",
    )
    assert missed == [
        ("Q1", date(2031, 1, 1)),
        ("Q2", date(2031, 4, 1)),
        ("S1", date(2031, 6, 1)),
    ]


def test_completeness_counts_units_that_sent_what_they_owed(calendar_run):
    rows = _query(
        calendar_run,
        """
        select indicator_code, units_expected, units_reporting, completeness_pct
        from marts.halfyear_vs_plan
        where province_code = 'QN' and year = 2031 and period = 'H1'
        order by indicator_code
        """,
    )
    # Q2 sent the first quarter only: not what it owed for H1.
    assert rows == [("OUTPUT", 1, 1, 100.0), ("SALES", 1, 1, 100.0), ("TOWERS", 2, 1, 50.0)]


def test_the_report_names_the_deadlines_missed(calendar_run):
    text = (calendar_run.reports_dir / "QN_2031_H1.md").read_text(encoding="utf-8")
    assert (
        "- Báo cáo chưa gửi / gửi muộn so với hạn: quý 1/2031 (hạn 15/4/2031): 1 đơn vị gửi "
        "muộn; tháng 6/2031 (hạn 10/7/2031): 1 đơn vị gửi muộn; quý 2/2031 (hạn 15/7/2031): "
        "1 đơn vị chưa gửi.\n"
    ) in text
    english = (calendar_run.reports_dir / "QN_2031_H1.en.md").read_text(encoding="utf-8")
    assert (
        "Reports missing or late against their deadline: Q1 2031 (due 15 April 2031): 1 late; "
        "June 2031 (due 10 July 2031): 1 late; Q2 2031 (due 15 July 2031): 1 missing."
    ) in english


def test_feedback_lists_the_periods_missed_with_deadline_and_days_late(calendar_run):
    feedback = calendar_run.reports_dir / "feedback"
    assert sorted(p.name for p in feedback.glob("*.md")) == ["Q1.md", "Q2.md", "S1.md"]
    q1 = (feedback / "Q1.md").read_text(encoding="utf-8")
    assert q1 == (
        "# Phản hồi số liệu báo cáo – đơn vị Q1 (Công ty cột 1)\n"
        "\n"
        "## Báo cáo chưa gửi / gửi muộn\n"
        "\n"
        "| Kỳ báo cáo | Hạn gửi | Tình trạng | Số ngày muộn |\n"
        "| --- | --- | --- | ---: |\n"
        "| quý 1/2031 | 15/4/2031 | Gửi muộn (ngày 18/4/2031) | 3 |\n"
        "\n"
        "Đề nghị đơn vị gửi các báo cáo còn thiếu và gửi đúng hạn các kỳ sau.\n"
    )
    q2 = (feedback / "Q2.md").read_text(encoding="utf-8")
    assert "| quý 2/2031 | 15/7/2031 | Chưa gửi | — |" in q2


def test_the_monthly_run_follows_the_earliest_deadline(calendar_run):
    # The shops are not listed: due on the 10th, so the refresh runs on the 12th.
    assert monthly_cron(calendar_run.raw_dir) == "0 6 12 * *"
