"""The edition comparison is a table of the published warehouse: three real runs of the
whole graph on one raw folder, each after a change a Department sees in practice.

1. The first run publishes edition 1 of every report: the table is there, empty.
2. Shop S1's January actual (200) replaces its estimate (190), and the 2031 plan for total
   sales is revised from 1000 to 1100: edition 2 of HN 2031 H1.
3. Tower firm T1 sends March again (56 towers, was 55): edition 3.

After each run the warehouse table says exactly what the report's section "Thay đổi so
với lần công bố trước" says, and the earlier editions' rows stay (they come from the
kept archive, not from raw/).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from dagster_project.publish.warehouse import connect
from tests.integration.pipeline import run_pipeline, settings_for
from tests.integration.raw_folders import build_raw_folder

pytestmark = pytest.mark.slow

STEM = "HN_2031_H1"
CHANGES_SQL = """
    select edition, indicator_code, indicator_name_vi, field, old_value, new_value, reason,
           reason_vi
    from marts.report_edition_changes
    where province_code = 'HN' and year = 2031 and period = 'H1'
    order by edition, indicator_code, field
"""
EDITION_2 = [
    (2, "SALES", "Doanh số", "actual_value", Decimal("400.5"), Decimal("410.5"),
     "estimate_to_actual", "số ước tính được thay bằng số thực hiện"),
    (2, "TOTAL_SALES", "Tổng doanh thu", "actual_value", Decimal("440.5"), Decimal("450.5"),
     "estimate_to_actual", "số ước tính được thay bằng số thực hiện"),
    (2, "TOTAL_SALES", "Tổng doanh thu", "plan_value", Decimal("1000"), Decimal("1100"),
     "plan_revised", "kế hoạch được điều chỉnh"),
]  # fmt: skip
EDITION_3 = [
    (3, "TOWERS", "Số cột", "actual_value", Decimal("55"), Decimal("56"), "resent",
     "đơn vị gửi lại số liệu đã điều chỉnh"),
]  # fmt: skip


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def _changes(settings):
    with connect(settings.warehouse, read_only=True) as con:
        return con.execute(CHANGES_SQL).fetchall()


def _report_changes(settings) -> list[str]:
    """The lines of the report's "what changed" section ([] when it has none)."""
    text = (settings.reports_dir / f"{STEM}.md").read_text(encoding="utf-8")
    heading = "## Thay đổi so với lần công bố trước\n\n"
    if heading not in text:
        return []
    return text.split(heading)[1].split("\n\n")[0].splitlines()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    base = tmp_path_factory.mktemp("editions")
    raw = base / "raw"
    build_raw_folder(raw)
    # Before the actual arrives: January of shop S1 is the estimate alone.
    _write(
        raw / "submissions/2031/s1.csv",
        """
        ma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,ngay_gui
        S1,02/2031,SALES,"210,5",thuc_hien,5/3/2031
        """,
    )
    return base


def test_each_edition_is_in_the_warehouse_as_the_report_says_it(base, dagster_instance):
    raw = base / "raw"
    settings = settings_for(raw, base / "out")

    assert run_pipeline(settings, dagster_instance).success
    assert _changes(settings) == []
    assert _report_changes(settings) == []
    with connect(settings.warehouse, read_only=True) as con:
        (comment,) = con.execute(
            "select comment from duckdb_tables() "
            "where schema_name = 'marts' and table_name = 'report_edition_changes'"
        ).fetchone()
        described = con.execute(
            "select count(*) filter (where coalesce(comment, '') <> ''), count(*) "
            "from duckdb_columns() "
            "where schema_name = 'marts' and table_name = 'report_edition_changes'"
        ).fetchone()
    assert comment.startswith("What changed in each edition of each report")
    assert described == (14, 14)  # every column carries its description

    # The actual replaces the estimate; the plan is revised in March.
    _write(
        raw / "submissions/2031/s1.csv",
        """
        ma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,ngay_gui
        S1,01/2031,SALES,200,thuc_hien,5/2/2031
        S1,02/2031,SALES,"210,5",thuc_hien,5/3/2031
        """,
    )
    plans = raw / "reference/plans.csv"
    plans.write_text(
        plans.read_text(encoding="utf-8") + "2031,HN,TOTAL_SALES,1100,KH 2031,UBND,2031-03-01\n",
        encoding="utf-8",
    )
    assert run_pipeline(settings, dagster_instance).success
    assert _changes(settings) == EDITION_2
    assert _report_changes(settings) == [  # in the report's reading order
        "- Tổng doanh thu: thực hiện 440,5 → 450,5 triệu đồng "
        "(số ước tính được thay bằng số thực hiện).",
        "- Tổng doanh thu: kế hoạch 1.000 → 1.100 triệu đồng (kế hoạch được điều chỉnh).",
        "- Doanh số: thực hiện 400,5 → 410,5 triệu đồng (số ước tính được thay bằng số thực hiện).",
    ]
    archived = settings.reports_dir / "archive" / STEM / "lan_1" / f"{STEM}.md"
    assert archived.is_file()  # edition 1 can still be read as published

    # T1 sends March again with one tower more.
    _write(
        raw / "submissions/2031/04/t1_resent.csv",
        """
        unit_code,period,indicator_code,value,status,submitted_at
        T1,2031-03,TOWERS,56,actual,2031-04-20
        """,
    )
    assert run_pipeline(settings, dagster_instance).success
    assert _changes(settings) == EDITION_2 + EDITION_3  # edition 2 from the kept archive
    assert _report_changes(settings) == [
        "- Số cột: thực hiện 55 → 56 cột (đơn vị gửi lại số liệu đã điều chỉnh)."
    ]
    with connect(settings.warehouse, read_only=True) as con:
        (other,) = con.execute(
            "select count(*) from marts.report_edition_changes where province_code <> 'HN'"
        ).fetchone()
    assert other == 0  # province XX's figures never moved
