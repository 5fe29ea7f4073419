"""What the marts must hold for the data of `make_raw_fixture.py`, worked out by hand.

    python tests/dbt_fixtures/check_marts.py <built duckdb file>

prints a few rows and raises AssertionError at the first figure that differs.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb


def _approx(a, b, tol=1e-6) -> bool:
    return a is not None and abs(float(a) - b) <= tol


def halfyear(con, province, year, period):
    rows = con.execute(
        """
        select indicator_code, actual_value::double, plan_value::double, pct_of_plan,
               expected_pct, status, prev_year_value::double, yoy_pct, is_estimate, as_of,
               units_expected, units_reporting, plan_source, expected_basis,
               prev_year_is_pro_forma, plan_revised_on
        from marts.halfyear_vs_plan
        where province_code = ? and year = ? and period = ?
        """,
        [province, year, period],
    ).fetchall()
    keys = [
        "actual",
        "plan",
        "pct",
        "expected",
        "status",
        "prev",
        "yoy",
        "estimate",
        "as_of",
        "expected_units",
        "reporting",
        "plan_source",
        "basis",
        "pro_forma",
        "revised_on",
    ]
    return {code: dict(zip(keys, rest, strict=True)) for code, *rest in rows}


def check(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        _check_halfyear(con)
        _check_other_marts(con)
    finally:
        con.close()


def _check_halfyear(con) -> None:
    (n_rows,) = con.execute("select count(*) from marts.halfyear_vs_plan").fetchall()[0]
    # 26: 10 indicators x 3 periods in 2023 + 9 in 2024 (no dossiers); 17, 15: 2 x 3;
    # 25: 2 x 3; 98 (the plausibility unit): IT revenue x 3 in 2023.
    assert n_rows == 30 + 27 + 6 + 6 + 6 + 3, n_rows

    h1 = halfyear(con, "26", 2023, "H1")
    bcvt = h1["BCVT_REVENUE"]
    # 62 + 30 + 3 postal (BC01's June estimate 10 revised to 12), 1200 + 198 telecom,
    # 7 sent by VT03 as the parent only; BC02's direct 999 next to its leaves is ignored.
    assert bcvt["actual"] == 1500 and h1["POSTAL_REVENUE"]["actual"] == 95
    assert h1["TELECOM_REVENUE"]["actual"] == 1398
    assert bcvt["plan"] == 2900 and bcvt["plan_source"] == "UBND"  # UBND before TW
    assert _approx(bcvt["pct"], 100 * 1500 / 2900) and bcvt["status"] == "on_track"
    assert bcvt["estimate"] is True and bcvt["as_of"] == date(2023, 6, 30)
    # BC04 never reports; VT03 sent February only, not the six months a monthly filer owes.
    assert (bcvt["expected_units"], bcvt["reporting"]) == (6, 4)

    it = h1["IT_REVENUE"]
    assert it["actual"] == 95 and it["plan"] == 210 and it["status"] == "behind"
    fy = halfyear(con, "26", 2023, "FY")
    assert fy["IT_REVENUE"]["plan"] == 220  # revised on 1 October
    assert fy["IT_REVENUE"]["revised_on"] == date(2023, 10, 1)
    assert fy["IT_REVENUE"]["actual"] == 215

    bts = h1["BTS_STATIONS"]
    assert bts["actual"] == 3000 and bts["expected"] == 100
    assert bts["basis"] == "stock_no_prior_level" and bts["status"] == "behind"
    assert fy["BTS_STATIONS"]["actual"] == 3050

    backlog = h1["MAIL_BACKLOG"]
    assert backlog["actual"] == 0 and backlog["plan"] == 0
    assert backlog["pct"] is None and backlog["status"] == "no_plan"

    # 600 / 660, not the mean of 99% and 10%.
    assert _approx(h1["MAIL_ONTIME_PCT"]["actual"], 90.909091)
    dossiers = h1["ONLINE_DOSSIERS"]
    assert dossiers["actual"] == 101 and dossiers["as_of"] == date(2023, 6, 6)
    assert dossiers["status"] == "no_plan" and dossiers["plan"] is None

    h1_24 = halfyear(con, "26", 2024, "H1")
    assert "ONLINE_DOSSIERS" not in h1_24  # neither data nor plan in 2024
    bcvt = h1_24["BCVT_REVENUE"]
    assert bcvt["actual"] == 1554 and bcvt["plan_source"] == "HĐND"  # HĐND before TW
    assert bcvt["prev"] == 1500 and _approx(bcvt["yoy"], 3.6) and bcvt["pro_forma"] is False
    bts = h1_24["BTS_STATIONS"]
    # Halfway from last year's closing 3050 to 3400: 3225, i.e. 94.85% of the target.
    assert bts["actual"] == 3200 and _approx(bts["expected"], 100 * 3225 / 3400)
    assert bts["basis"] == "stock_straight_line" and bts["status"] == "on_track"
    backlog = h1_24["MAIL_BACKLOG"]
    # 20% of the ceiling against an expected 50%: lower is better, so ahead.
    assert _approx(backlog["pct"], 20) and _approx(backlog["expected"], 50)
    assert backlog["status"] == "ahead"
    assert h1_24["IT_REVENUE"]["status"] == "no_plan"

    h2_24 = halfyear(con, "26", 2024, "H2")
    assert h2_24["BCVT_REVENUE"]["status"] == "no_data"
    assert h2_24["BCVT_REVENUE"]["actual"] is None

    merged = halfyear(con, "25", 2024, "H1")["POSTAL_REVENUE"]
    # Hòa Bình 4 x 6 + Yên Bái 6 x 6 = 60, the pro-forma base of the new province.
    assert merged["actual"] == 66 and merged["prev"] == 60 and merged["pro_forma"] is True
    assert _approx(merged["yoy"], 10)


def _check_other_marts(con) -> None:
    revisions = con.execute(
        """
        select unit_code, indicator_code, first_value::double, first_status,
               current_value::double, current_status, delta::double, n_versions
        from marts.revisions order by all
        """
    ).fetchall()
    assert revisions == [
        ("BC01", "POSTAL_REVENUE", 10.0, "estimate", 12.0, "actual", 2.0, 2),
        ("IT01", "IT_REVENUE", 11.0, "estimate", 12.0, "estimate", 1.0, 2),
    ], revisions

    statuses = dict(
        ((e, r, t), n)
        for e, r, t, n in con.execute(
            "select expected, received, on_time, count(*) from marts.submission_status group by all"
        ).fetchall()
    )
    assert statuses == {
        (True, False, None): 101,
        (True, True, False): 1,
        (True, True, True): 154,  # 150 + XX01 January-April
        (False, True, True): 1,  # XX01 in May, after its active dates
    }, statuses
    (late,) = con.execute(
        "select unit_code || ' ' || period from marts.submission_status where not on_time"
    ).fetchall()
    assert late == ("VT02 2023-03-01",)

    active = dict(
        con.execute(
            "select activity, n_active from marts.active_units "
            "where province_code = '26' and period_end = date '2023-06-30'"
        ).fetchall()
    )
    assert active == {"postal": 3, "telephone": 3, "internet": 1, "it": 2, "dvc": 1}, active

    outcomes = dict(
        con.execute("select outcome, count(*) from quality.file_manifest group by 1").fetchall()
    )
    assert outcomes == {"loaded": 158, "duplicate": 1, "rejected": 1}, outcomes
    (received, accepted, rejected) = con.execute(
        "select sum(received), sum(accepted), sum(rejected) from quality.file_manifest"
    ).fetchall()[0]
    assert (received, accepted, rejected) == (304, 303, 1)
    duplicates = con.execute(
        "select file_path from quality.file_manifest where is_duplicate"
    ).fetchall()
    assert duplicates == [("submissions/2023/02/copy_of_BC01_2023-02.csv",)], duplicates
    units = con.execute(
        "select unit_codes from quality.file_manifest "
        "where file_path = 'submissions/2023/06/IT01_2023-06_b.csv'"
    ).fetchall()
    assert units == [("IT01",)], units
    counts = [
        con.execute(f"select count(*) from quality.{t}").fetchall()[0][0]
        for t in ("rejected_rows", "rejected_files")
    ]
    assert counts == [1, 1]
    rejected = con.execute("select unit_code, indicator_code from quality.rejected_rows")
    assert rejected.fetchall() == [("BC02", "POSTAL_REVENUE")]
    _check_warnings(con)


def _check_warnings(con) -> None:
    warnings = con.execute(
        """
        select check_name, province_code, unit_code, indicator_code, period, file_path,
               row_number, column_name, value
        from quality.warnings order by file_path, row_number
        """
    ).fetchall()
    d = "submissions/2023/"
    assert warnings == [
        # BC02 sent 999 for the parent next to its only child's 5: the child counts.
        ("parent_differs_from_children", "26", "BC02", "BCVT_REVENUE", date(2023, 1, 1),
         d + "01/BC02_2023-01.csv", 6, "value", "999"),
        # Flagged by the Python ingestion (raw.row_warnings), placed by its row.
        ("text_in_tcvn3", "98", "XX01", "IT_REVENUE", date(2023, 1, 1),
         d + "01/XX01_2023-01.csv", 2, "note", "Th«ng tin thö nghiÖm"),
        # 600 against the median 5 of January-March: 120 times.
        ("value_scale_jump", "98", "XX01", "IT_REVENUE", date(2023, 4, 1),
         d + "04/XX01_2023-04.csv", 2, "value", "600"),
        # Active until 30 April; May still loads.
        ("outside_active_dates", "98", "XX01", None, date(2023, 5, 1),
         d + "05/XX01_2023-05.csv", 2, "period", "2023-05"),
    ], warnings  # fmt: skip
    (message_vi,) = con.execute(
        "select message_vi from quality.warnings where check_name = 'value_scale_jump'"
    ).fetchone()
    assert message_vi.startswith("giá trị 600 lớn gấp 120 lần trung vị 5 của 3 tháng trước")


def show(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        con.sql(
            """
            select province_code, year, period, indicator_code, actual_value, plan_value,
                   round(pct_of_plan, 2) as pct, round(expected_pct, 2) as expected,
                   status, prev_year_value as prev, is_estimate, as_of,
                   units_reporting || '/' || units_expected as units
            from marts.halfyear_vs_plan
            where period = 'H1'
            order by province_code, year, indicator_code
            """
        ).show(max_rows=100, max_width=200)
    finally:
        con.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_marts.py <built duckdb file>")
    show(Path(sys.argv[1]))
    check(Path(sys.argv[1]))
    print("marts hold what the fixture implies")
