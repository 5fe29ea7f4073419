"""End to end on a small DuckDB file: marts in, .md / .en.md / .xlsx / .png out."""

from __future__ import annotations

from datetime import date

import duckdb
import openpyxl
import pytest

from dagster_project.report.chart import build_chart, write_chart
from dagster_project.report.model import ReportContext
from dagster_project.report.writer import load_province_names, write_reports

MART_DDL = """
create table marts.halfyear_vs_plan (
    province_code varchar, year integer, period varchar, indicator_code varchar,
    indicator_name_vi varchar, indicator_name_en varchar, unit varchar, kind varchar,
    actual_value decimal(38, 6), plan_value decimal(38, 6), pct_of_plan double,
    expected_pct double, pace_gap_pp double, status varchar,
    prev_year_value decimal(38, 6), yoy_pct double, is_estimate boolean, as_of date,
    units_expected integer, units_reporting integer, completeness_pct double,
    sector_code varchar, plan_source varchar, higher_is_better boolean, parent_code varchar
)
"""
INSERT = "insert into marts.halfyear_vs_plan values (" + ", ".join(["?"] * 25) + ")"


def mart(code, name_vi, name_en, unit, kind, actual, plan, **kw):
    """One mart row with the derived columns computed the way the mart defines them."""
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
    return [
        kw.get("province", "26"), year, period, code, name_vi, name_en, unit, kind,
        actual, plan, pct, expected, gap, status, prev, yoy, kw.get("estimate", False),
        kw.get("as_of", date(year, 6, 30) if period == "H1" else date(year, 12, 31)),
        kw.get("expected_units", 1), kw.get("reporting_units", 1), 100.0,
        kw.get("sector"), kw.get("source"), kw.get("higher_is_better", True), kw.get("parent"),
    ]  # fmt: skip


ROWS = [
    mart("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông", "Postal and telecom revenue",
         "tỷ đồng", "flow", 1500.0, 2900, estimate=True, sector="telecom", prev=1380.0),
    mart("IT_REVENUE", "Doanh thu công nghệ thông tin, điện tử", "IT and electronics revenue",
         "tỷ đồng", "flow", 95.0, 211, estimate=True, sector="it"),
    mart("PRINT_REVENUE", "Doanh thu in, phát hành", "Printing and distribution revenue",
         "tỷ đồng", "flow", 375.3, 750, estimate=True, sector="printing"),
    mart("BTS", "Số trạm BTS", "BTS stations", "trạm", "stock", 3000, None, sector="telecom"),
    mart("COVERAGE", "Tỷ lệ phủ sóng 3G, 4G", "3G/4G coverage", "%", "ratio", 100, 100,
         sector="telecom"),
    mart("DOSSIERS", "Hồ sơ trực tuyến tiếp nhận", "Online dossiers received", "hồ sơ", "flow",
         101, None, as_of=date(2023, 6, 6), sector="admin"),
    mart("DOCS_IN", "Văn bản đến", "Incoming documents", "văn bản", "flow", 4548, None,
         as_of=date(2023, 6, 7), sector="admin"),
    mart("DOCS_OUT", "Văn bản đi", "Outgoing documents", "văn bản", "flow", 1146, None,
         as_of=date(2023, 6, 7), sector="admin"),
    # A plan and no data yet: a table row, no sentence; a period with only this: no report.
    mart("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông", "Postal and telecom revenue",
         "tỷ đồng", "flow", None, 3100, period="H2", sector="telecom"),
    # Another province, full year.
    mart("BTS", "Số trạm BTS", "BTS stations", "trạm", "stock", 812, 800, province="17",
         period="FY", sector="telecom"),
]  # fmt: skip

UNITS = [
    ("26", date(2023, 6, 30), "postal", 15),
    ("26", date(2023, 6, 30), "telephone", 5),
    ("26", date(2023, 6, 30), "internet", 5),
    ("26", date(2023, 6, 30), "it", 213),
    ("26", date(2023, 6, 30), "public_service_portal", 1),
]


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(MART_DDL)
        con.executemany(INSERT, ROWS)
        con.execute(
            "create table marts.active_units "
            "(province_code varchar, period_end date, activity varchar, n_active integer)"
        )
        con.executemany("insert into marts.active_units values (?, ?, ?, ?)", UNITS)
        con.execute("create schema raw")
        con.execute("create table raw.provinces (province_code varchar, name varchar)")
        con.execute("insert into raw.provinces values ('26', 'Vĩnh Phúc')")
        con.execute(
            "create table raw.reporting_units (unit_code varchar, unit_type varchar, "
            "activities varchar)"
        )
        con.execute(
            "insert into raw.reporting_units values ('SO', 'agency', 'public_service_portal'), "
            "('VNPT', 'enterprise', 'telephone;internet')"
        )
    return path


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


def test_names_from_the_argument_and_without_optional_tables(tmp_path):
    path = tmp_path / "bare.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(MART_DDL)
        con.executemany(INSERT, ROWS[:1])
    with duckdb.connect(str(path), read_only=True) as con:
        assert load_province_names(con) == {}
        written = write_reports(con, tmp_path / "r", province_names={"26": "Tỉnh Vĩnh Phúc"})
        (tmp_path / "r2").mkdir()
        coded = write_reports(con, tmp_path / "r2", english=False)
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith(
        "# Báo cáo kết quả 6 tháng đầu năm 2023 — ngành Thông tin và Truyền thông, Tỉnh Vĩnh Phúc\n"
    )
    assert "trên địa bàn" not in text  # no active_units table: no count paragraph
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
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as con, pytest.raises(LookupError):
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


def test_parents_from_the_catalogue_when_the_mart_has_none(tmp_path):
    path = tmp_path / "noparent.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(MART_DDL)
        con.executemany(INSERT, ROWS[:1])
        child = mart("POSTAL_REVENUE", "Doanh thu bưu chính", "Postal revenue", "tỷ đồng", "flow",
                     300.0, None, estimate=True, sector="postal")  # fmt: skip
        con.execute(INSERT, child)
        con.execute("alter table marts.halfyear_vs_plan drop column parent_code")
        con.execute("create schema staging")
        con.execute(
            "create table staging.stg_indicators as select 'POSTAL_REVENUE' as indicator_code, "
            "'BCVT_REVENUE' as parent_code"
        )
    with duckdb.connect(str(path), read_only=True) as con:
        written = write_reports(con, tmp_path / "r", english=False)
    text = written[0].read_text(encoding="utf-8")
    assert (
        "ước đạt 51,7% kế hoạch năm 2023, tăng 8,7% so với cùng kỳ. "
        "Trong đó, doanh thu bưu chính ước đạt khoảng 300 tỷ đồng."
    ) in text
    assert "| – Doanh thu bưu chính | tỷ đồng | 300 (ước) |" in text
