"""End to end on a small DuckDB file: marts in, .md / .en.md / .xlsx / .png out."""

from __future__ import annotations

from datetime import date

import duckdb
import openpyxl
import pytest

from dagster_project.report.chart import build_chart, write_chart
from dagster_project.report.model import ReportContext
from dagster_project.report.writer import write_reports
from tests.unit.conftest import create_built_tables


def mart(code, name_vi, name_en, unit, kind, actual, plan, **kw):
    """One row of marts.halfyear_vs_plan, the derived columns computed the way the mart
    defines them; ``order``: its display_order (dbt's reading order)."""
    year, period = kw.get("year", 2023), kw.get("period", "H1")
    expected = 50.0 if kind == "flow" else 100.0
    pct = None if plan is None or actual is None else 100 * actual / plan
    gap = None if pct is None else pct - expected
    if actual is None:
        status = "no_data"
    elif pct is None:
        status = "no_plan"
    else:
        status = "on_track" if abs(gap) <= 2 else ("ahead" if gap > 0 else "behind")
    prev = kw.get("prev")
    yoy = None if prev in (None, 0) or actual is None else 100 * (actual - prev) / prev
    province = kw.get("province", "26")
    return {
        "province_code": province, "year": year, "period": period, "indicator_code": code,
        "indicator_name_vi": name_vi, "indicator_name_en": name_en, "unit": unit, "kind": kind,
        "actual_value": actual, "plan_value": plan, "pct_of_plan": pct, "expected_pct": expected,
        "pace_gap_pp": gap, "status": status, "prev_year_value": prev, "yoy_pct": yoy,
        "is_estimate": kw.get("estimate", False),
        "as_of": kw.get("as_of", date(year, 6, 30) if period == "H1" else date(year, 12, 31)),
        "units_expected": kw.get("expected_units", 1),
        "units_reporting": kw.get("reporting_units", 1), "completeness_pct": 100.0,
        "sector_code": kw.get("sector"), "plan_source": kw.get("source"),
        "higher_is_better": kw.get("higher_is_better", True), "parent_code": kw.get("parent"),
        "province_name": kw.get("province_name", PROVINCE_NAMES.get(province)),
        "display_order": kw["order"], "depth": kw.get("depth", 0),
    }  # fmt: skip


PROVINCE_NAMES = {"26": "Vĩnh Phúc"}  # the registry knows 26, not 17

ROWS = [
    mart("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông", "Postal and telecom revenue",
         "tỷ đồng", "flow", 1500.0, 2900, estimate=True, sector="telecom", prev=1380.0, order=1),
    mart("IT_REVENUE", "Doanh thu công nghệ thông tin, điện tử", "IT and electronics revenue",
         "tỷ đồng", "flow", 95.0, 211, estimate=True, sector="it", order=4),
    mart("PRINT_REVENUE", "Doanh thu in, phát hành", "Printing and distribution revenue",
         "tỷ đồng", "flow", 375.3, 750, estimate=True, sector="printing", order=5),
    mart("BTS", "Số trạm BTS", "BTS stations", "trạm", "stock", 3000, None, sector="telecom",
         order=2),
    mart("COVERAGE", "Tỷ lệ phủ sóng 3G, 4G", "3G/4G coverage", "%", "ratio", 100, 100,
         sector="telecom", order=3),
    mart("DOSSIERS", "Hồ sơ trực tuyến tiếp nhận", "Online dossiers received", "hồ sơ", "flow",
         101, None, as_of=date(2023, 6, 6), sector="admin", order=8),
    mart("DOCS_IN", "Văn bản đến", "Incoming documents", "văn bản", "flow", 4548, None,
         as_of=date(2023, 6, 7), sector="admin", order=6),
    mart("DOCS_OUT", "Văn bản đi", "Outgoing documents", "văn bản", "flow", 1146, None,
         as_of=date(2023, 6, 7), sector="admin", order=7),
    # A plan and no data yet: a table row, no sentence; a period with only this: no report.
    mart("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông", "Postal and telecom revenue",
         "tỷ đồng", "flow", None, 3100, period="H2", sector="telecom", order=1),
    # Another province, full year.
    mart("BTS", "Số trạm BTS", "BTS stations", "trạm", "stock", 812, 800, province="17",
         period="FY", sector="telecom", order=1),
]  # fmt: skip


def units(province, period_end, activity, n_active, enterprise=True):
    return {
        "province_code": province,
        "period_end": period_end,
        "activity": activity,
        "n_active": n_active,
        "is_enterprise_activity": enterprise,
    }


UNITS = [
    units("26", date(2023, 6, 30), "postal", 15),
    units("26", date(2023, 6, 30), "telephone", 5),
    units("26", date(2023, 6, 30), "internet", 5),
    units("26", date(2023, 6, 30), "it", 213),
    units("26", date(2023, 6, 30), "public_service_portal", 1, enterprise=False),  # agencies'
]


def build_warehouse(path, mart_rows, unit_rows=()):
    with duckdb.connect(str(path)) as con:
        create_built_tables(
            con, {"marts.halfyear_vs_plan": mart_rows, "marts.active_units": unit_rows}
        )
    return path


@pytest.fixture
def warehouse(tmp_path):
    return build_warehouse(tmp_path / "warehouse.duckdb", ROWS, UNITS)


def test_end_to_end(warehouse, tmp_path):
    out = tmp_path / "reports"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        written = write_reports(con, out)
    assert [p.name for p in written] == [
        "17_2023_FY.md",
        "17_2023_FY.en.md",
        "17_2023_FY.xlsx",
        "17_2023_FY.png",
        "17_2023_FY.svg",
        "17_2023_FY.html",
        "17_2023_FY.docx",
        "17_2023_FY.edition.json",
        "26_2023_H1.md",
        "26_2023_H1.en.md",
        "26_2023_H1.xlsx",
        "26_2023_H1.png",
        "26_2023_H1.svg",
        "26_2023_H1.html",
        "26_2023_H1.docx",
        "26_2023_H1.edition.json",
    ]
    assert all(p.parent == out and p.stat().st_size > 0 for p in written)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)

    text = (out / "26_2023_H1.md").read_text(encoding="utf-8")
    assert text.startswith(
        "# Báo cáo kết quả 6 tháng đầu năm 2023 — ngành Thông tin và Truyền thông, tỉnh Vĩnh Phúc\n"
    )
    assert (
        "Tính đến ngày 30/6/2023, trên địa bàn tỉnh Vĩnh Phúc có 15 doanh nghiệp hoạt động "
        "bưu chính, 5 nhà cung cấp dịch vụ điện thoại, 5 nhà cung cấp dịch vụ Internet và "
        "hơn 200 doanh nghiệp hoạt động trong lĩnh vực công nghệ thông tin."
    ) in text  # the agency-only activity is not counted
    assert "khoảng 1.500 tỷ đồng" in text
    assert "ước đạt 51,7% kế hoạch" in text
    assert (
        # The phrase book's words for the sample's codes, in its order (revenues together).
        "Trong 6 tháng đầu năm, tổng doanh thu của các doanh nghiệp bưu chính, viễn thông "
        "đạt khoảng 1.500 tỷ đồng, ước đạt 51,7% kế hoạch năm 2023, tăng 8,7% so với cùng kỳ. "
        "Doanh thu lĩnh vực công nghệ thông tin, điện tử đạt khoảng 95 tỷ đồng, "
        "ước đạt 45% kế hoạch năm 2023."
    ) in text
    assert "doanh thu in, phát hành đạt trên 375 tỷ đồng, ước đạt 50% kế hoạch năm 2023" in text
    assert "Số trạm BTS đạt 3.000 trạm." in text
    assert "Tỷ lệ phủ sóng 3G, 4G đạt 100%." in text  # a plan reached is not restated
    assert "Tính đến ngày 6/6/2023, hồ sơ trực tuyến tiếp nhận đạt 101 hồ sơ." in text
    # The same cut-off date is said once for consecutive sentences.
    assert (
        "Tính đến ngày 7/6/2023, văn bản đến đạt 4.548 văn bản. Văn bản đi đạt 1.146 văn bản."
    ) in text
    assert "| Doanh thu bưu chính, viễn thông | tỷ đồng | 1.500 (ước) | 2.900 | 51,7% |" in text

    english = (out / "26_2023_H1.en.md").read_text(encoding="utf-8")
    assert "reached about 1,500 billion VND, an estimated 51.7% of the 2023 plan" in english

    other = (out / "17_2023_FY.md").read_text(encoding="utf-8")
    assert other.startswith(
        "# Báo cáo kết quả năm 2023 — ngành Thông tin và Truyền thông, tỉnh (mã 17)"
    )
    assert "Số trạm BTS đạt 812 trạm, đạt 101,5% kế hoạch năm 2023." in other

    book = openpyxl.load_workbook(out / "26_2023_H1.xlsx")
    sheet = book["Chỉ tiêu"]
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert (first["Mã chỉ tiêu"], first["Thực hiện"], first["Kế hoạch"]) == (
        "BCVT_REVENUE",
        1500,
        2900,
    )
    assert (out / "26_2023_H1.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_rerun_gives_the_same_text(warehouse, tmp_path):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        write_reports(con, tmp_path / "a")
        write_reports(con, tmp_path / "b")
    for name in ("26_2023_H1.md", "26_2023_H1.en.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_names_from_the_argument_and_without_unit_counts(tmp_path):
    path = build_warehouse(tmp_path / "bare.duckdb", ROWS[:1])
    with duckdb.connect(str(path), read_only=True) as con:
        written = write_reports(con, tmp_path / "r", province_names={"26": "Tỉnh Vĩnh Phúc"})
        (tmp_path / "r2").mkdir()
        coded = write_reports(con, tmp_path / "r2", english=False, province_names={})
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith(
        "# Báo cáo kết quả 6 tháng đầu năm 2023 — ngành Thông tin và Truyền thông, Tỉnh Vĩnh Phúc\n"
    )
    assert "trên địa bàn" not in text  # no active units: no count paragraph
    assert [p.name for p in coded] == [
        "26_2023_H1.md",
        "26_2023_H1.xlsx",
        "26_2023_H1.png",
        "26_2023_H1.svg",
        "26_2023_H1.html",
        "26_2023_H1.docx",
        "26_2023_H1.edition.json",
    ]
    assert "tỉnh (mã 26)" in coded[0].read_text(encoding="utf-8")


def test_missing_mart_is_a_clear_error(tmp_path):
    with (
        duckdb.connect(str(tmp_path / "empty.duckdb")) as con,
        pytest.raises(LookupError, match=r"marts\.halfyear_vs_plan is missing: run the dbt models"),
    ):
        write_reports(con, tmp_path / "r")


def test_chart_without_plans_and_with_hostile_text(tmp_path):
    empty = ReportContext(province_code="26", year=2023, period="H1", rows=())
    assert build_chart(empty) is not None
    row = {
        "indicator_code": "X",
        "indicator_name_vi": "Giá $x^2$ và $",
        "actual_value": 5,
        "pct_of_plan": 125.0,
        "expected_pct": 50.0,
        "status": "ahead",
        "is_estimate": True,
    }
    context = ReportContext(province_code="26", year=2023, period="H1", rows=(row,))
    path = write_chart(context, tmp_path / "c.png")
    assert path.read_bytes().startswith(b"\x89PNG")


def test_a_child_follows_its_parent_at_the_marts_depth(tmp_path):
    child = mart("POSTAL_REVENUE", "Doanh thu bưu chính", "Postal revenue", "tỷ đồng", "flow",
                 300.0, None, estimate=True, sector="postal", parent="BCVT_REVENUE", order=2,
                 depth=1)  # fmt: skip
    path = build_warehouse(tmp_path / "child.duckdb", [ROWS[0], child])
    with duckdb.connect(str(path), read_only=True) as con:
        written = write_reports(con, tmp_path / "r", english=False)
    text = written[0].read_text(encoding="utf-8")
    assert (
        "ước đạt 51,7% kế hoạch năm 2023, tăng 8,7% so với cùng kỳ. "
        "Trong đó, doanh thu bưu chính ước đạt khoảng 300 tỷ đồng."
    ) in text
    assert "| – Doanh thu bưu chính | tỷ đồng | 300 (ước) |" in text
    sheet = openpyxl.load_workbook(tmp_path / "r" / "26_2023_H1.xlsx")["Chỉ tiêu"]
    assert [sheet.cell(row=r, column=5).alignment.indent for r in (2, 3)] == [0, 1]
