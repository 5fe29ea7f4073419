"""Nothing is hard-coded to Vĩnh Phúc, 2023 or the sample's codes: a second raw folder
(another province, other indicator codes, other years), built here, goes through the
same pipeline and gives the numbers worked out by hand below."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dagster_project.warehouse import connect
from tests.integration.pipeline import run_pipeline, settings_for

pytestmark = pytest.mark.slow


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def build_raw_folder(raw: Path) -> None:
    _write(
        raw / "reference/indicators.csv",
        """
        indicator_code,name_vi,name_en,sector_code,unit,kind,numerator_code,denominator_code,parent_code,higher_is_better,activity
        SALES,Doanh số,Sales,shop,triệu đồng,flow,,,TOTAL_SALES,true,shop
        SERVICE_FEES,Phí dịch vụ,Service fees,shop,triệu đồng,flow,,,TOTAL_SALES,true,shop
        TOTAL_SALES,Tổng doanh thu,Total sales,shop,triệu đồng,flow,,,,true,
        TOWERS,Số cột,Towers,net,cột,stock,,,,true,tower
        VILLAGES_ALL,Số thôn,Villages,office,thôn,stock,,,,true,office
        VILLAGES_ONLINE,Số thôn trực tuyến,Villages online,office,thôn,stock,,,,true,office
        ONLINE_SHARE,Tỷ lệ,Share,office,%,ratio,VILLAGES_ONLINE,VILLAGES_ALL,,true,office
        """,
    )
    _write(
        raw / "reference/reporting_units.csv",
        """
        unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to
        S1,Cửa hàng 1,enterprise,HN,shop,0100000001,2020-01-01,
        S2,Cửa hàng 2,enterprise,HN,shop,0100000002,2020-01-01,
        S3,Cửa hàng tỉnh khác,enterprise,XX,shop,0100000003,2020-01-01,
        T1,Công ty cột,enterprise,HN,tower,0100000004-001,2020-01-01,
        O1,Văn phòng,agency,HN,office,,2020-01-01,
        """,
    )
    _write(
        raw / "reference/plans.csv",
        """
        year,province_code,indicator_code,plan_value,source,plan_source,revised_on
        2030,HN,TOTAL_SALES,800,KH 2030,UBND,
        2031,HN,TOTAL_SALES,1000,KH 2031,UBND,
        2031,HN,TOWERS,60,KH 2031,UBND,
        2031,HN,ONLINE_SHARE,80,KH 2031,UBND,
        """,
    )
    _write(
        raw / "submissions/2030/s1.csv",
        """
        unit_code,period,indicator_code,value,status,submitted_at
        S1,2030-01,SALES,100,actual,2030-02-05
        S1,2030-07,SALES,150,actual,2030-08-05
        T1,2030-12,TOWERS,45,actual,2031-01-05
        """,
    )
    # Vietnamese headers, Vietnamese numbers, an estimate later revised by an actual.
    _write(
        raw / "submissions/2031/01/s1_uoc.csv",
        """
        ma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,ngay_gui
        S1,01/2031,SALES,190,Ước,25/1/2031
        """,
    )
    _write(
        raw / "submissions/2031/s1.csv",
        """
        ma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,ngay_gui
        S1,01/2031,SALES,200,thuc_hien,5/2/2031
        S1,02/2031,SALES,"210,5",thuc_hien,5/3/2031
        """,
    )
    _write(
        raw / "submissions/2031/others.csv",
        """
        unit_code,period,indicator_code,value,status,submitted_at
        S2,2031-01,SERVICE_FEES,40,actual,2031-02-04
        S3,2031-01,SALES,999,actual,2031-02-04
        T1,2031-01,TOWERS,50,actual,2031-02-04
        T1,2031-03,TOWERS,55,actual,2031-04-04
        O1,2031-03,VILLAGES_ALL,10,actual,2031-04-04
        O1,2031-03,VILLAGES_ONLINE,7,actual,2031-04-04
        """,
    )


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
    assert (expected_units, reporting) == (2, 2)


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
