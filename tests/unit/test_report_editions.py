"""A report written again says what changed since its previous edition; the previous
edition is archived; the ledger holds the same comparison for analysts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

from dagster_project.report.editions import (
    edition_history,
    upcoming_edition,
    write_edition_changes,
)
from dagster_project.report.model import build_contexts
from dagster_project.report.writer import write_report
from tests.unit.test_report_text import mart_row

FIRST = [
    # June estimated, one unit missing; in dbt's reading order (a sector first, none last).
    mart_row(units_reporting=19, units_expected=20, display_order=2),
    mart_row(
        indicator_code="IT_REVENUE", indicator_name_vi="Doanh thu CNTT", actual_value=90,
        plan_value=200, pct_of_plan=45, is_estimate=False, sector_code="it",
        units_reporting=19, units_expected=20, display_order=1,
    ),
]  # fmt: skip
SECOND = [
    mart_row(actual_value=1512.4, pct_of_plan=52.15, is_estimate=False, units_reporting=20,
             display_order=2),
    mart_row(
        indicator_code="IT_REVENUE", indicator_name_vi="Doanh thu CNTT", actual_value=94.6,
        plan_value=210, pct_of_plan=45.05, is_estimate=False, sector_code="it",
        units_reporting=20, units_expected=20, display_order=1,
    ),
]  # fmt: skip


def _contents(folder):
    """Every file's bytes, but the workbooks': openpyxl stamps them with the clock."""
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.suffix != ".xlsx"}


def _write(rows, folder):
    return write_report(build_contexts(rows)[0], folder, english=True)


def test_second_edition_says_what_changed_and_archives_the_first(tmp_path):
    _write(FIRST, tmp_path)
    first_md = (tmp_path / "26_2023_H1.md").read_bytes()
    assert b"Thay \xc4\x91\xe1\xbb\x95i" not in first_md  # a first edition has no changes

    _write(SECOND, tmp_path)
    archived = tmp_path / "archive" / "26_2023_H1" / "lan_1"
    assert (archived / "26_2023_H1.md").read_bytes() == first_md
    assert {p.suffix for p in archived.iterdir()} == {
        ".md", ".xlsx", ".png", ".svg", ".html", ".docx", ".json",
    }  # fmt: skip
    text = (tmp_path / "26_2023_H1.md").read_text(encoding="utf-8")
    section = text.split("## Thay đổi so với lần công bố trước\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- Doanh thu CNTT: thực hiện 90 → 94,6 tỷ đồng (có thêm đơn vị gửi báo cáo muộn, "
        "19/20 → 20/20 đơn vị).",
        "- Doanh thu CNTT: kế hoạch 200 → 210 tỷ đồng (kế hoạch được điều chỉnh).",
        "- Doanh thu bưu chính, viễn thông: thực hiện 1.500 → 1.512,4 tỷ đồng "
        "(số ước tính được thay bằng số thực hiện).",
    ]  # in the report's reading order
    english = (tmp_path / "26_2023_H1.en.md").read_text(encoding="utf-8")
    assert "Postal and telecom revenue: actual 1,500 → 1,512.4 billion VND" in english


def test_ledger_can_be_queried_and_a_rerun_changes_nothing(tmp_path):
    _write(FIRST, tmp_path)
    _write(SECOND, tmp_path)
    before = _contents(tmp_path)
    _write(SECOND, tmp_path)  # the same figures again: the same edition, byte for byte
    assert _contents(tmp_path) == before
    assert not (tmp_path / "archive" / "26_2023_H1" / "lan_2").exists()
    ledger = tmp_path / "archive" / "thay_doi_so_lieu.csv"
    rows = duckdb.sql(
        f"select edition, indicator_code, field, old_value, new_value, reason "
        f"from read_csv('{ledger}', all_varchar=true) order by indicator_code, field"
    ).fetchall()
    assert rows == [
        ("2", "BCVT_REVENUE", "actual_value", "1500", "1512.4", "estimate_to_actual"),
        ("2", "IT_REVENUE", "actual_value", "90", "94.6", "late_unit"),
        ("2", "IT_REVENUE", "plan_value", "200", "210", "plan_revised"),
    ]


def _changes_table(con):
    """`marts.report_edition_changes` as dbt builds it: the model's own SQL (no Jinja)."""
    model = Path(__file__).resolve().parents[2] / "dbt/models/marts/report_edition_changes.sql"
    con.execute("create schema marts")
    con.execute(f"create table marts.report_edition_changes as {model.read_text()}")


def test_the_warehouse_table_holds_the_archive_and_the_edition_about_to_be_written(tmp_path):
    _write(FIRST, tmp_path)
    second = build_contexts(SECOND)[0]
    upcoming = upcoming_edition(second, tmp_path)
    assert upcoming.number == 2
    assert not (tmp_path / "archive").exists()  # the look ahead writes nothing
    con = duckdb.connect()
    _changes_table(con)
    assert write_edition_changes(con, edition_history(tmp_path, [(second, upcoming)])) == 3
    expected = [
        (2, "BCVT_REVENUE", "actual_value", Decimal("1500"), Decimal("1512.4"),
         "estimate_to_actual", "19/20", "20/20"),
        (2, "IT_REVENUE", "actual_value", Decimal("90"), Decimal("94.6"), "late_unit",
         "19/20", "20/20"),
        (2, "IT_REVENUE", "plan_value", Decimal("200"), Decimal("210"), "plan_revised",
         None, None),
    ]  # fmt: skip
    query = (
        "select edition, indicator_code, field, old_value, new_value, reason, units_before, "
        "units_after from marts.report_edition_changes order by all"
    )
    assert con.execute(query).fetchall() == expected

    # Once written, the same rows come back from the archive alone, and again on a rerun.
    write_report(second, tmp_path, english=False)
    assert write_edition_changes(con, edition_history(tmp_path)) == 3
    assert con.execute(query).fetchall() == expected
    third = build_contexts([dict(row, actual_value=100) for row in SECOND[1:]] + SECOND[:1])[0]
    history = edition_history(tmp_path, [(third, upcoming_edition(third, tmp_path))])
    assert [(r["edition"], r["indicator_code"], r["reason"]) for r in history] == [
        (2, "IT_REVENUE", "late_unit"),  # edition 2, now in the current .edition.json
        (2, "IT_REVENUE", "plan_revised"),
        (2, "BCVT_REVENUE", "estimate_to_actual"),
        (3, "IT_REVENUE", "resent"),
    ]
