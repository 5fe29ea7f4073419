# ruff: noqa: E501  (CSV lines of the raw folder are kept whole)
"""Review before publication, end to end (real Dagster, dbt, DuckDB on a tmp raw folder).

One province per case, so that each report stands or falls on its own case:
  P1  a June postal revenue of 17,26 revised to "1.726,0" (a misplaced comma, x100)
  P2  a June value typed in triệu instead of tỷ đồng (x1000), first version
  P3  a seasonal series (June 8x the earlier months) - not flagged
  P4  an agency's signed documents above its outgoing documents (a failed high rule)
  P5  the x100 slip, accepted by a reviewer
  P6  the x100 slip, rejected by a reviewer: the first version is the figure again
  P7  the x100 slip, then a corrected resubmission
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.report.summary import summarize
from tests.integration.pipeline import run_pipeline, settings_for

pytestmark = pytest.mark.slow

EARLY_MONTHS = ["17.0", "17.5", "16.8", "17.1", "17.3"]  # January to May 2030, tỷ đồng
SLIP_UNITS = {"P1": "U1", "P5": "U5", "P6": "U6", "P7": "U7"}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def _monthly(unit: str, code: str, values: list[str]) -> str:
    return "".join(
        f'{unit},2030-{month:02d},{code},"{value}",actual,2030-{month + 1:02d}-05\n'
        for month, value in enumerate(values, start=1)
    )


def build_review_folder(raw: Path) -> None:
    _write(
        raw / "reference/indicators.csv",
        """
        indicator_code,name_vi,name_en,sector_code,unit,kind,numerator_code,denominator_code,parent_code,higher_is_better,activity
        POSTAL_REVENUE,Doanh thu bưu chính,Postal revenue,postal,tỷ đồng,flow,,,BCVT_REVENUE,true,postal
        TELECOM_REVENUE,Doanh thu viễn thông,Telecom revenue,telecom,tỷ đồng,flow,,,BCVT_REVENUE,true,telecom
        BCVT_REVENUE,Doanh thu BCVT,Postal and telecom revenue,postal_telecom,tỷ đồng,flow,,,,true,
        OUTGOING_DOCS,Số văn bản đi,Outgoing documents,admin,văn bản,flow,,,,true,office
        OUTGOING_DOCS_SIGNED,Số văn bản đi được ký số,Signed outgoing documents,admin,văn bản,flow,,,,true,office
        """,
    )
    units = ["unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to"]
    for n in range(1, 8):
        units.append(f"U{n},Đơn vị {n},enterprise,P{n},postal,,2020-01-01,")
    units.append("A4,Văn phòng,agency,P4,office,,2020-01-01,")
    (raw / "reference").mkdir(parents=True, exist_ok=True)
    (raw / "reference/reporting_units.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    _write(
        raw / "reference/plans.csv",
        """
        year,province_code,indicator_code,plan_value,source,plan_source,revised_on
        2030,P1,BCVT_REVENUE,400,KH 2030,UBND,
        """,
    )
    _write(
        raw / "reference/validation_rules.csv",
        """
        rule_code,description_vi,description_en,left,operator,right,importance,tolerance_pct
        SIGNED_LE_OUTGOING,Ký số không vượt quá văn bản đi,Signed <= outgoing,OUTGOING_DOCS_SIGNED,<=,OUTGOING_DOCS,high,
        """,
    )
    _write(
        raw / "reference/reviews.csv",
        """
        unit_code,indicator_code,period,decision,reviewer,reviewed_on,note
        U5,POSTAL_REVENUE,2030-06,accept,Trần Thị B,2030-07-12,đơn vị xác nhận
        U6,POSTAL_REVENUE,2030-06,reject,Trần Thị B,2030-07-12,nhầm dấu phẩy
        U9,POSTAL_REVENUE,2030-06,accept,Trần Thị B,2030-07-12,
        U3,POSTAL_REVENUE,2030-07,accept,Trần Thị B,2030-08-12,
        """,
    )
    header = "unit_code,period,indicator_code,value,status,submitted_at\n"
    for province, unit in SLIP_UNITS.items():
        first = _monthly(unit, "POSTAL_REVENUE", [*EARLY_MONTHS, "17.26"])
        _write(raw / f"submissions/{province}/{unit}_2030.csv", header + first)
        slip = f'{unit},2030-06,POSTAL_REVENUE,"1.726,0",actual,2030-07-10\n'
        _write(raw / f"submissions/{province}/{unit}_2030-06_sua.csv", header + slip)
    fixed = 'U7,2030-06,POSTAL_REVENUE,"17,30",actual,2030-07-15\n'
    _write(raw / "submissions/P7/U7_2030-06_sua_lai.csv", header + fixed)
    # triệu typed as tỷ đồng: 17 260 for 17,26.
    _write(
        raw / "submissions/P2/U2_2030.csv",
        header + _monthly("U2", "POSTAL_REVENUE", [*EARLY_MONTHS, "17260"]),
    )
    # A busy June (8x): seasonal, not a slip.
    _write(
        raw / "submissions/P3/U3_2030.csv",
        header + _monthly("U3", "POSTAL_REVENUE", ["5", "5", "6", "5", "5", "40"]),
    )
    _write(
        raw / "submissions/P4/U4_2030.csv",
        header + _monthly("U4", "POSTAL_REVENUE", EARLY_MONTHS),
    )
    docs = _monthly("A4", "OUTGOING_DOCS", ["10"] * 6)
    docs += _monthly("A4", "OUTGOING_DOCS_SIGNED", ["9", "9", "12", "9", "9", "9"])
    _write(raw / "submissions/P4/A4_2030.csv", header + docs)


@pytest.fixture(scope="module")
def review_run(tmp_path_factory, dagster_instance):
    raw = tmp_path_factory.mktemp("review_raw")
    build_review_folder(raw)
    settings = settings_for(raw, tmp_path_factory.mktemp("review_out"))
    assert run_pipeline(settings, dagster_instance).success
    return settings


def _rows(settings, sql):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_review_flags_by_case(review_run):
    settings = review_run
    flags = _rows(
        settings,
        "SELECT province_code, unit_code, strftime(month_start, '%Y-%m'), check_name, value "
        "FROM quality.open_review_flags ORDER BY ALL",
    )
    assert flags == [
        ("P1", "U1", "2030-06", "revision_jump", Decimal("1726")),
        ("P1", "U1", "2030-06", "value_scale_jump", Decimal("1726")),
        ("P2", "U2", "2030-06", "value_scale_jump", Decimal("17260")),
        ("P4", "A4", "2030-03", "rule_failed", Decimal("12")),
    ]
    severities = _rows(
        settings, "SELECT check_name, severity, count(*) FROM quality.warnings GROUP BY ALL ORDER BY ALL"
    )
    # P5's accepted slip is still a warning (a fact), but no longer an open flag.
    assert severities == [
        ("revision_jump", "review", 2),
        ("rule_failed", "review", 1),
        ("value_scale_jump", "review", 3),
    ]
    violations = _rows(
        settings,
        "SELECT rule_code, level, province_code, unit_code, period, left_value, right_value, "
        "difference, importance FROM quality.rule_violations ORDER BY ALL",
    )
    assert violations == [
        ("SIGNED_LE_OUTGOING", "unit", "P4", "A4", "2030-03", Decimal("12"), Decimal("10"),
         Decimal("2"), "high"),
    ]


def test_needs_review_and_figures(review_run):
    settings = review_run
    figures = _rows(
        settings,
        "SELECT province_code, indicator_code, actual_value, needs_review "
        "FROM marts.halfyear_vs_plan WHERE year = 2030 AND period = 'H1' "
        "AND indicator_code IN ('POSTAL_REVENUE', 'BCVT_REVENUE', 'OUTGOING_DOCS_SIGNED') "
        "ORDER BY province_code, indicator_code",
    )
    early = sum(Decimal(v) for v in EARLY_MONTHS)  # 85.7
    assert figures == [
        ("P1", "BCVT_REVENUE", early + 1726, True),
        ("P1", "POSTAL_REVENUE", early + 1726, True),
        ("P2", "BCVT_REVENUE", early + 17260, True),
        ("P2", "POSTAL_REVENUE", early + 17260, True),
        ("P3", "BCVT_REVENUE", Decimal("66"), False),
        ("P3", "POSTAL_REVENUE", Decimal("66"), False),
        ("P4", "BCVT_REVENUE", early, False),
        ("P4", "OUTGOING_DOCS_SIGNED", Decimal("57"), True),
        ("P4", "POSTAL_REVENUE", early, False),
        ("P5", "BCVT_REVENUE", early + 1726, False),
        ("P5", "POSTAL_REVENUE", early + 1726, False),
        # rejected: the first version (17,26) is the figure again
        ("P6", "BCVT_REVENUE", early + Decimal("17.26"), False),
        ("P6", "POSTAL_REVENUE", early + Decimal("17.26"), False),
        # resubmitted: the correction is current and is not flagged
        ("P7", "BCVT_REVENUE", early + Decimal("17.30"), False),
        ("P7", "POSTAL_REVENUE", early + Decimal("17.30"), False),
    ]


def test_decisions_recorded(review_run):
    settings = review_run
    reviews = _rows(
        settings,
        "SELECT unit_code, decision, value, version_number, is_in_force, outcome "
        "FROM quality.reviews ORDER BY review_row_number",
    )
    assert [r[:5] for r in reviews] == [
        ("U5", "accept", Decimal("1726"), 2, True),
        ("U6", "reject", Decimal("1726"), 2, True),
        ("U3", "accept", None, None, False),
    ]
    assert reviews[2][5] == "matched no version"
    # an unknown unit is a rejected reference row, not a decision
    assert _rows(
        settings,
        "SELECT row_number, check_name FROM quality.rejected_rows "
        "WHERE file_path = 'reference/reviews.csv'",
    ) == [(4, "unit_code_known")]
    assert reviews[0][5].startswith("applied to version 2 (submissions/P5/U5_2030-06_sua.csv")
    revisions = _rows(
        settings,
        "SELECT unit_code, current_value, n_versions, current_version_number, "
        "n_rejected_versions, last_decision, last_reviewer FROM marts.revisions ORDER BY unit_code",
    )
    assert revisions == [
        ("U1", Decimal("1726"), 2, 2, 0, None, None),
        ("U5", Decimal("1726"), 2, 2, 0, "accept", "Trần Thị B"),
        ("U6", Decimal("17.26"), 2, 1, 1, "reject", "Trần Thị B"),
        ("U7", Decimal("17.3"), 3, 3, 0, None, None),
    ]


def test_drafts_instead_of_final_reports(review_run):
    settings = review_run
    reports = settings.reports_dir
    for stem in ("P1_2030_H1", "P2_2030_H1", "P4_2030_H1"):
        assert (reports / f"{stem}.du_thao.md").exists(), stem
        assert not (reports / f"{stem}.md").exists(), stem
    for stem in ("P3_2030_H1", "P5_2030_H1", "P6_2030_H1", "P7_2030_H1"):
        assert (reports / f"{stem}.md").exists(), stem
        assert not (reports / f"{stem}.du_thao.md").exists(), stem
    draft = (reports / "P1_2030_H1.du_thao.md").read_text(encoding="utf-8")
    title, _, rest = draft.partition("\n")
    assert title.startswith("# DỰ THẢO — Báo cáo kết quả 6 tháng đầu năm 2030")
    assert rest.lstrip().startswith("## Cần rà soát trước khi công bố")
    # one line per flagged value: unit, indicator, month, value sent, why (both reasons),
    # and the half-year postal revenue without it (85,7 + 1726 - 1726)
    [line] = [text for text in draft.splitlines() if text.startswith("| U1 |")]
    assert line.startswith("| U1 | Doanh thu bưu chính | 06/2030 | 1.726 | giá trị sửa đổi 1726")
    assert "; giá trị 1726 lớn gấp 101 lần trung vị 17,1" in line
    assert line.endswith("| 85,7 |")
    rule_draft = (reports / "P4_2030_H1.du_thao.md").read_text(encoding="utf-8")
    assert "| A4 | Số văn bản đi được ký số | 03/2030 | 12 | quy tắc SIGNED_LE_OUTGOING" in rule_draft
    assert rule_draft.splitlines()[8].endswith("| 45 |")  # 57 signed in H1 without the 12


def test_accepting_the_last_flags_publishes_the_final_report(review_run, dagster_instance):
    """Runs last (it adds decisions): the P1 draft gives way to the final report."""
    settings = review_run
    with (settings.raw_dir / "reference/reviews.csv").open("a", encoding="utf-8") as reviews:
        reviews.write("U1,POSTAL_REVENUE,2030-06,accept,Lê Văn C,2030-07-20,đã xác nhận\n")
    p2_draft = (settings.reports_dir / "P2_2030_H1.du_thao.md").read_text(encoding="utf-8")
    result = run_pipeline(settings, dagster_instance)
    assert result.success
    reports = settings.reports_dir
    assert not (reports / "P1_2030_H1.du_thao.md").exists()
    assert (reports / "P1_2030_H1.md").read_text(encoding="utf-8").startswith(
        "# Báo cáo kết quả 6 tháng đầu năm 2030"
    )
    # still open: the draft is rewritten the same, no final report
    assert (reports / "P2_2030_H1.du_thao.md").read_text(encoding="utf-8") == p2_draft
    assert not (reports / "P2_2030_H1.md").exists()

    [open_reviews] = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == "open_reviews"
    ]
    assert not open_reviews.passed
    assert open_reviews.severity == dg.AssetCheckSeverity.WARN
    # P2 and P4, each in H1 and FY 2030
    assert open_reviews.metadata["n_failures"].value == 4

    summary = summarize(settings)
    assert "  Review: 6 figures wait for review" in summary
    assert f"    P2 2030 H1: 2 figures, draft {reports / 'P2_2030_H1.du_thao.md'}" in summary
    assert "    P4 2030 H1: 1 figures" in summary
