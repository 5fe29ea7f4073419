"""Nothing is hard-coded to Vĩnh Phúc, 2023 or the sample's codes: a second raw folder
(another province, other indicator codes, other years), built here, goes through the
same pipeline and gives the numbers worked out by hand below."""

from __future__ import annotations

import pytest

from dagster_project.publish.warehouse import connect
from tests.integration.pipeline import run_pipeline, settings_for
from tests.integration.raw_folders import build_raw_folder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def other_run(tmp_path_factory, dagster_instance):
    base = tmp_path_factory.mktemp("other_province")
    build_raw_folder(base / "raw")
    settings = settings_for(base / "raw", base / "out")
    assert run_pipeline(settings, dagster_instance).success
    return settings


def _mart(settings, year, period):
    with connect(settings.warehouse, read_only=True) as con:
        rows = con.execute(
            """
            select indicator_code, actual_value::double, pct_of_plan, expected_pct, status,
                   prev_year_value::double, yoy_pct, units_expected, units_reporting
            from marts.halfyear_vs_plan
            where province_code = 'HN' and year = ? and period = ?
            """,
            [year, period],
        ).fetchall()
    return {code: rest for code, *rest in rows}


def test_parent_flow_sums_children_latest_versions_and_this_province_only(other_run):
    total = _mart(other_run, 2031, "H1")["TOTAL_SALES"]
    actual, pct, expected, status, prev, yoy, expected_units, reporting = total
    assert actual == pytest.approx(200 + 210.5 + 40)  # the 190 estimate was revised
    assert pct == pytest.approx(45.05)
    assert expected == 50
    assert status == "behind"  # 45.05 against 50 is more than 2 points short
    assert prev == 100  # only January 2030 lies in H1 2030
    assert yoy == pytest.approx(350.5)
    # Monthly filers (no reporting calendar) owe six months for H1: S1 sent January and
    # February, S2 January and June, so neither sent what it owed.
    assert (expected_units, reporting) == (2, 0)


def test_stock_takes_period_end_against_a_straight_line(other_run):
    towers = _mart(other_run, 2031, "H1")["TOWERS"]
    actual, pct, expected, status, *_ = towers
    assert actual == 55
    assert pct == pytest.approx(100 * 55 / 60)
    # Halfway from last year's closing 45 to the target 60: 52.5, i.e. 87.5% of target.
    assert expected == pytest.approx(87.5)
    assert status == "ahead"


def test_ratio_is_computed_from_its_parts(other_run):
    share = _mart(other_run, 2031, "H1")["ONLINE_SHARE"]
    actual, pct, expected, status, *_ = share
    assert actual == pytest.approx(70.0)
    assert pct == pytest.approx(87.5)
    assert expected == 100
    assert status == "behind"


def test_revision_is_listed(other_run):
    with connect(other_run.warehouse, read_only=True) as con:
        rows = con.execute(
            """
            select unit_code, indicator_code, first_value::double, first_status,
                   current_value::double, current_status, delta::double, n_versions
            from marts.revisions
            """
        ).fetchall()
    assert rows == [("S1", "SALES", 190.0, "estimate", 200.0, "actual", 10.0, 2)]


def test_reports_are_named_for_this_province(other_run):
    names = sorted(p.name for p in other_run.reports_dir.glob("*.md"))
    assert "HN_2031_H1.md" in names
    assert not any(name.startswith("26_") for name in names)
    text = (other_run.reports_dir / "HN_2031_H1.md").read_text(encoding="utf-8")
    assert "450,5" in text  # the table keeps the decimals the prose rounds
    assert "triệu đồng" in text
    # No phrase book for this catalogue: its own names in the generic words, a ratio
    # said without its numerator and denominator, the plan's source named once.
    prose = text.split("\n## ")[0]
    assert (
        "Trong 6 tháng đầu năm, tổng doanh thu đạt khoảng 451 triệu đồng, đạt 45,1% kế hoạch "
        "năm 2031, tăng 350,5% so với cùng kỳ. Trong đó, doanh số đạt khoảng 411 triệu đồng "
        "và phí dịch vụ đạt 40 triệu đồng."
    ) in prose
    assert "Tính đến ngày 31/3/2031, tỷ lệ đạt 70%, chưa đạt kế hoạch năm 2031 (80%)." in prose
    assert "số thôn" not in prose.lower()
    assert prose.count("của UBND tỉnh") == 1
