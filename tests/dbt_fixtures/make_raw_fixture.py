"""A small, hand-checkable `raw` schema for developing and testing the dbt project alone.

Synthetic data (not real figures). Usage:

    python tests/dbt_fixtures/make_raw_fixture.py /tmp/fixture.duckdb

The DDL is the `raw` contract of docs/DESIGN.md. The data covers: two years (2023 full,
2024 January-June only), several units per activity, a parent with two children, a
direct parent value that is ignored and one that counts, a stock, a lower-is-better stock,
a ratio of flows, an estimate revised by an actual, two versions ordered by file path, a
plan revision, plan sources by priority, a zero plan, missing plans, a unit that stops
and one that starts, a late file, a rejected row, a rejected file, a duplicate file, a
province whose two predecessors merged into it, and for the plausibility warnings a unit
of its own province that slips by 100x and reports after its active dates, a note typed
in TCVN3 and a parent that disagrees with its child. `check_marts.py` holds the numbers
this data implies.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

from dagster_project.ingest.tables import raw_schema_ddl

# The `raw` contract, from the registry (dagster_project/catalog/tables.py); the tables
# of optional reference files absent here stay empty.
DDL = raw_schema_ddl()

# fmt: off
# code, name_vi, name_en, sector, unit, kind, numerator, denominator, parent, higher, activity
INDICATORS = [
    ("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông", "Postal and telecom revenue",
     "telecom", "tỷ đồng", "flow", None, None, None, True, None),
    ("POSTAL_REVENUE", "Doanh thu bưu chính", "Postal revenue",
     "postal", "tỷ đồng", "flow", None, None, "BCVT_REVENUE", True, "postal"),
    ("TELECOM_REVENUE", "Doanh thu viễn thông", "Telecom revenue",
     "telecom", "tỷ đồng", "flow", None, None, "BCVT_REVENUE", True, "telephone;internet"),
    ("IT_REVENUE", "Doanh thu công nghệ thông tin, điện tử", "IT and electronics revenue",
     "it", "tỷ đồng", "flow", None, None, None, True, "it"),
    ("BTS_STATIONS", "Số trạm BTS", "BTS stations",
     "telecom", "trạm", "stock", None, None, None, True, "telephone"),
    ("MAIL_BACKLOG", "Bưu gửi tồn đọng", "Backlogged mail items",
     "postal", "bưu gửi", "stock", None, None, None, False, "postal"),
    ("MAIL_ONTIME", "Bưu gửi phát đúng hạn", "Mail items delivered on time",
     "postal", "bưu gửi", "flow", None, None, None, True, "postal"),
    ("MAIL_DELIVERED", "Bưu gửi đã phát", "Mail items delivered",
     "postal", "bưu gửi", "flow", None, None, None, True, "postal"),
    ("MAIL_ONTIME_PCT", "Tỷ lệ bưu gửi phát đúng hạn", "Share of mail delivered on time",
     "postal", "%", "ratio", "MAIL_ONTIME", "MAIL_DELIVERED", None, True, None),
    ("ONLINE_DOSSIERS", "Hồ sơ trực tuyến tiếp nhận", "Online dossiers received",
     "admin", "hồ sơ", "flow", None, None, None, True, "dvc"),
]

# unit, name, type, province, activities, tax code, active_from, active_to
UNITS = [
    ("BC01", "Bưu điện tỉnh (giả lập)", "enterprise", "26", "postal", "2500000001",
     date(2010, 1, 1), None),
    ("BC02", "Chuyển phát A (giả lập)", "enterprise", "26", "postal", "2500000002",
     date(2015, 1, 1), None),
    ("BC03", "Chuyển phát B (giả lập)", "enterprise", "26", "postal", "2500000003-001",
     date(2015, 1, 1), date(2023, 3, 31)),
    ("BC04", "Chuyển phát C (giả lập)", "enterprise", "26", "postal", "2500000004",
     date(2015, 1, 1), None),
    ("VT01", "Viễn thông A (giả lập)", "enterprise", "26", "telephone;internet", "2500000011",
     date(2010, 1, 1), None),
    ("VT02", "Viễn thông B (giả lập)", "enterprise", "26", "telephone", "2500000012",
     date(2010, 1, 1), None),
    ("VT03", "Viễn thông C (giả lập)", "enterprise", "26", "telephone", "2500000013",
     date(2010, 1, 1), None),
    ("IT01", "Phần mềm A (giả lập)", "enterprise", "26", "it", "2500000021",
     date(2012, 1, 1), None),
    ("IT02", "Điện tử B (giả lập)", "enterprise", "26", "it", "2500000022",
     date(2023, 4, 1), None),
    ("SO01", "Sở (giả lập)", "agency", "26", "dvc", None, date(2000, 1, 1), None),
    ("HB01", "Bưu chính Hòa Bình (giả lập)", "enterprise", "17", "postal", "5400000001",
     date(2010, 1, 1), date(2023, 12, 31)),
    ("YB01", "Bưu chính Yên Bái (giả lập)", "enterprise", "15", "postal", "5200000001",
     date(2010, 1, 1), date(2023, 12, 31)),
    ("PT01", "Bưu chính Phú Thọ mới (giả lập)", "enterprise", "25", "postal", "2600000001",
     date(2024, 1, 1), None),
    # Plausibility warnings, alone in a province of its own: April is 120x the median of
    # January-March, and May is after its active dates.
    ("XX01", "Phần mềm thử cảnh báo (giả lập)", "enterprise", "98", "it", None,
     date(2023, 1, 1), date(2023, 4, 30)),
]

PROVINCES = [
    ("26", "Vĩnh Phúc", date(1997, 1, 1), None, None),
    ("17", "Hòa Bình (giả lập: sáp nhập 2024)", date(1991, 10, 1), date(2023, 12, 31), "25"),
    ("15", "Yên Bái (giả lập: sáp nhập 2024)", date(1991, 10, 1), date(2023, 12, 31), "25"),
    ("25", "Phú Thọ (giả lập: tỉnh mới 2024)", date(2024, 1, 1), None, None),
]

# year, province, indicator, value, document, plan_source, revised_on
PLANS = [
    (2023, "26", "BCVT_REVENUE", 2900, "KH 01/KH-UBND 2023", "UBND", None),
    (2023, "26", "BCVT_REVENUE", 3000, "Chỉ tiêu TW giao 2023", "TW", None),
    (2023, "26", "IT_REVENUE", 210, "KH 01/KH-UBND 2023", "UBND", None),
    (2023, "26", "IT_REVENUE", 220, "QĐ điều chỉnh KH 2023", "UBND", date(2023, 10, 1)),
    (2023, "26", "BTS_STATIONS", 3200, "KH 01/KH-UBND 2023", "UBND", None),
    (2023, "26", "MAIL_BACKLOG", 0, "KH 01/KH-UBND 2023", "UBND", None),
    (2023, "26", "MAIL_ONTIME_PCT", 95, "KH 01/KH-UBND 2023", "UBND", None),
    (2024, "26", "BCVT_REVENUE", 3300, "NQ HĐND 2024", "HĐND", None),
    (2024, "26", "BCVT_REVENUE", 3500, "Chỉ tiêu TW giao 2024", "TW", None),
    (2024, "26", "BTS_STATIONS", 3400, "KH 02/KH-UBND 2024", "UBND", None),
    (2024, "26", "MAIL_BACKLOG", 5, "KH 02/KH-UBND 2024", "UBND", None),
    (2024, "26", "MAIL_ONTIME_PCT", 95, "KH 02/KH-UBND 2024", "UBND", None),
    (2023, "17", "POSTAL_REVENUE", 50, "KH Hòa Bình 2023", None, None),
    (2024, "25", "POSTAL_REVENUE", 130, "KH Phú Thọ 2024", "UBND", None),
]
# fmt: on


def month_values(unit: str, year: int, month: int) -> list[tuple[str, float]]:
    """What each unit reports for one month (flows: that month; stocks: the month end)."""
    h1 = month <= 6
    if unit == "BC01":
        rows = [("POSTAL_REVENUE", 11 if year == 2024 else 10)]
        rows += [("MAIL_ONTIME", 99), ("MAIL_DELIVERED", 100)]
        backlog = {2023: 3 if month < 6 else 0, 2024: 1 if month == 6 else 0}[year]
        return [*rows, ("MAIL_BACKLOG", backlog)]
    if unit == "BC02":
        backlog = 1 if (year == 2023 and month < 6) else 0
        return [
            ("POSTAL_REVENUE", 5),
            ("MAIL_ONTIME", 1),
            ("MAIL_DELIVERED", 10),
            ("MAIL_BACKLOG", backlog),
        ]
    if unit == "BC03":
        return [("POSTAL_REVENUE", 1)] if (year == 2023 and month <= 3) else []
    if unit == "VT01":
        bts = 2000 if year == 2024 else (1900 if h1 else 1950)
        return [("TELECOM_REVENUE", 210 if year == 2024 else 200), ("BTS_STATIONS", bts)]
    if unit == "VT02":
        return [("TELECOM_REVENUE", 33), ("BTS_STATIONS", 1200 if year == 2024 else 1100)]
    if unit == "VT03":
        # Reports only the parent, once: it counts, as no leaf value exists for it.
        return [("BCVT_REVENUE", 7)] if (year, month) == (2023, 2) else []
    if unit == "IT01":
        return [("IT_REVENUE", 13 if year == 2024 else 12)]
    if unit == "IT02":
        if year == 2023 and month < 4:
            return []
        return [("IT_REVENUE", 7 if (year, month) == (2023, 4) else 8)]
    if unit == "SO01":
        if year != 2023:
            return []
        return [("ONLINE_DOSSIERS", 18 if month < 6 else (11 if month == 6 else 20))]
    if unit in ("HB01", "YB01"):
        return [("POSTAL_REVENUE", 4 if unit == "HB01" else 6)] if year == 2023 else []
    if unit == "PT01":
        return [("POSTAL_REVENUE", 11)] if year == 2024 else []
    if unit == "XX01":
        slips = {1: 5, 2: 5, 3: 6, 4: 600, 5: 6}  # April: tỷ typed as triệu
        return [("IT_REVENUE", slips[month])] if year == 2023 and month in slips else []
    return []


class Builder:
    def __init__(self) -> None:
        self.values: list[tuple] = []
        self.manifest: list[tuple] = []
        self.rejected_rows: list[tuple] = []
        self.rejected_files: list[tuple] = []
        self.row_warnings: list[tuple] = []

    def file(self, path, rows, first_seen, *, rejected=(), submitted_at=None):
        """One loaded CSV: rows are (unit, period, indicator, value, status, as_of, note)."""
        line = 2
        for unit, period, indicator, value, status, as_of, note in rows:
            while line in {r[0] for r in rejected}:
                line += 1
            value = Decimal(str(value))
            row = (path, line, unit, period, indicator, value, status, as_of, submitted_at, note)
            self.values.append(row)
            line += 1
        unit_code = rows[0][0] if rows else None
        for row_number, column, value, check, message, message_vi, indicator in rejected:
            self.rejected_rows.append(
                (path, row_number, column, value, check, message, message_vi, unit_code,
                 indicator)
            )  # fmt: skip
        n_ok, n_bad = len(rows), len({r[0] for r in rejected})
        size, n = 100 + 40 * (n_ok + n_bad), n_ok + n_bad
        row = (
            path,
            size,
            f"sha-{path}",
            first_seen,
            "csv",
            "utf-8",
            "loaded",
            None,
            n,
            n_ok,
            n_bad,
        )
        self.manifest.append(row)


def build() -> Builder:
    b = Builder()
    units = [u[0] for u in UNITS]
    months = [(2023, m) for m in range(1, 13)] + [(2024, m) for m in range(1, 7)]
    for unit in units:
        for year, month in months:
            values = month_values(unit, year, month)
            if not values:
                continue
            period = date(year, month, 1)
            nxt = date(year + month // 12, month % 12 + 1, 1)
            seen = datetime.combine(nxt + timedelta(days=4), datetime.min.time()).replace(hour=8)
            if (unit, year, month) == ("VT02", 2023, 3):
                seen = datetime(2023, 4, 12, 9, 30)  # late: after the 10th
            june_2023 = (year, month) == (2023, 6)
            status = "estimate" if june_2023 else "actual"
            if june_2023:
                seen = datetime(2023, 6, 8, 16, 0)  # the estimate, before the month closed
            as_of = date(2023, 6, 6) if (unit == "SO01" and june_2023) else None
            rows = [(unit, period, code, v, status, as_of, None) for code, v in values]
            if (unit, year, month) == ("BC02", 2023, 1):
                # A direct parent value next to leaf values: it must be ignored.
                rows.append((unit, period, "BCVT_REVENUE", 999, "actual", None, "tổng"))
            path = f"submissions/{year}/{month:02d}/{unit}_{year}-{month:02d}.csv"
            if june_2023:
                path = f"submissions/{year}/{month:02d}/{unit}_{year}-{month:02d}_uoc.csv"
            rejected = ()
            if (unit, year, month) == ("BC02", 2023, 4):
                bad_row = (4, "value", "12,3,4", "value_is_number")
                messages = ("not a number: '12,3,4'", "không phải số: '12,3,4'")
                rejected = ((*bad_row, *messages, "POSTAL_REVENUE"),)
            if (unit, year, month) == ("IT01", 2023, 6):
                # Two files, same first-seen time, no submitted_at: the later path wins.
                b.file(path.replace("_uoc", "_a"), [(*rows[0][:3], 11, *rows[0][4:])], seen)
                path = path.replace("_uoc", "_b")
            b.file(path, rows, seen, rejected=rejected)
    # June 2023 actual for BC01 replaces its estimate (submitted_at given, file seen later).
    b.file(
        "submissions/2023/07/BC01_2023-06_thuc_hien.csv",
        [("BC01", date(2023, 6, 1), "POSTAL_REVENUE", 12, "actual", None, "số chính thức")],
        datetime(2023, 7, 20, 10, 0),
        submitted_at=datetime(2023, 7, 3, 9, 0),
    )
    # A note typed with a TCVN3 font: loaded, and flagged by the Python ingestion.
    legacy = "submissions/2023/01/XX01_2023-01.csv"
    b.values = [
        (*v[:9], "Th«ng tin thö nghiÖm") if (v[0], v[1]) == (legacy, 2) else v
        for v in b.values
    ]
    b.row_warnings.append(
        (legacy, 2, "note", "Th«ng tin thö nghiÖm", "text_in_tcvn3",
         'this text looks typed in the legacy TCVN3 (ABC) encoding; it probably reads '
         '"Thông tin thử nghiệm"',
         'văn bản có vẻ được gõ bằng bảng mã cũ TCVN3 (ABC); có lẽ là "Thông tin thử nghiệm"')
    )  # fmt: skip
    dup = "submissions/2023/02/copy_of_BC01_2023-02.csv"
    b.manifest.append(
        (
            dup,
            260,
            "sha-submissions/2023/02/BC01_2023-02.csv",
            datetime(2023, 3, 6, 8, 0),
            "csv",
            "utf-8",
            "duplicate",
            "submissions/2023/02/BC01_2023-02.csv",
            0,
            0,
            0,
        )
    )
    bad = "submissions/2023/05/broken.xlsx"
    b.manifest.append(
        (bad, 17, "sha-broken", datetime(2023, 6, 2, 8, 0), "xlsx", None, "rejected", None, 0, 0, 0)
    )
    b.rejected_files.append(
        (bad, "sha-broken", 17, "not a valid .xlsx file", "không phải tệp .xlsx hợp lệ")
    )
    return b


def write(db_path: Path) -> None:
    b = build()
    con = duckdb.connect(str(db_path))
    try:
        con.execute(DDL)
        tables = {
            "indicators": INDICATORS,
            "reporting_units": UNITS,
            "plans": PLANS,
            "provinces": PROVINCES,
            "submission_values": b.values,
            "file_manifest": b.manifest,
            "rejected_rows": b.rejected_rows,
            "rejected_files": b.rejected_files,
            "row_warnings": b.row_warnings,
        }
        for table, rows in tables.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                con.executemany(f"insert into raw.{table} values ({marks})", rows)
    finally:
        con.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_raw_fixture.py <duckdb file>")
    write(Path(sys.argv[1]))
