"""The article's figures (Vĩnh Phúc, first half of 2023), read back with SQL from the
warehouse a real pipeline run published from the sample data in `raw/`."""

from __future__ import annotations

import pytest

from dagster_project.orchestration.assets.transform import warehouse_models
from dagster_project.publish.warehouse import connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def h1_2023(sample_run):
    settings, _ = sample_run
    with connect(settings.warehouse, read_only=True) as con:
        rows = con.execute(
            """
            select indicator_code, actual_value::double, plan_value::double, pct_of_plan,
                   is_estimate, as_of, status
            from marts.halfyear_vs_plan
            where province_code = '26' and year = 2023 and period = 'H1'
            """
        ).fetchall()
    return {code: rest for code, *rest in rows}


@pytest.mark.parametrize(
    ("indicator", "actual", "plan", "pct"),
    [
        # "khoảng 1.500 tỷ đồng, ước đạt 51,7% kế hoạch" (plan 2.900 tỷ)
        ("BCVT_REVENUE", 1500.0, 2900.0, 51.7),
        # "95 tỷ đồng, ước đạt 45% kế hoạch năm 2023" (plan 210 tỷ)
        ("IT_REVENUE", 94.6, 210.0, 45.0),
        # "trên 375 tỷ đồng, đạt 50% so với kế hoạch năm 2023" (plan 750 tỷ)
        ("PRINTING_REVENUE", 375.3, 750.0, 50.0),
        ("COVERAGE_3G4G_PCT", 100.0, 100.0, 100.0),
        ("ONLINE_PROCEDURES_PCT", 100.0, 100.0, 100.0),
        ("DOSSIERS_EARLY_PCT", 100.0, 100.0, 100.0),
        ("SIGNED_DOCS_PCT", 100.0, 100.0, 100.0),
    ],
)
def test_revenue_and_ratios_against_plan(h1_2023, indicator, actual, plan, pct):
    actual_value, plan_value, pct_of_plan, *_ = h1_2023[indicator]
    assert actual_value == pytest.approx(actual, abs=1e-9)
    assert plan_value == pytest.approx(plan)
    assert round(pct_of_plan, 1) == pct


def test_half_year_revenue_is_the_sum_of_postal_and_telecom(h1_2023):
    postal = h1_2023["POSTAL_REVENUE"][0]
    telecom = h1_2023["TELECOM_REVENUE"][0]
    assert postal + telecom == pytest.approx(h1_2023["BCVT_REVENUE"][0])
    assert postal > 0 and telecom > 0


def test_june_estimates_are_carried_up(h1_2023):
    for code in ("BCVT_REVENUE", "IT_REVENUE", "PRINTING_REVENUE", "BTS_STATIONS"):
        assert h1_2023[code][3] is True, code


@pytest.mark.parametrize(
    ("indicator", "value", "as_of"),
    [
        ("BTS_STATIONS", 3000, "2023-06-30"),
        ("MAIL_BACKLOG", 0, "2023-06-30"),
        ("ONLINE_DOSSIERS", 101, "2023-06-06"),
        ("INCOMING_DOCS", 4548, "2023-06-07"),
        ("OUTGOING_DOCS", 1146, "2023-06-07"),
    ],
)
def test_counts_and_cut_off_dates(h1_2023, indicator, value, as_of):
    actual_value, _, _, _, cut_off, _ = h1_2023[indicator]
    assert actual_value == value
    assert cut_off.isoformat() == as_of


def test_enterprise_counts_at_half_year_end(sample_run):
    settings, _ = sample_run
    with connect(settings.warehouse, read_only=True) as con:
        counts = dict(
            con.execute(
                """
                select activity, n_active from marts.active_units
                where province_code = '26' and period_end = date '2023-06-30'
                """
            ).fetchall()
        )
    assert counts["postal"] == 15
    assert counts["telephone"] == 5
    assert counts["internet"] == 5
    assert counts["it"] > 200


def test_sample_loads_without_rejections(sample_run):
    settings, _ = sample_run
    with connect(settings.warehouse, read_only=True) as con:
        (bad_rows,) = con.execute("select count(*) from quality.rejected_rows").fetchone()
        (bad_files,) = con.execute("select count(*) from quality.rejected_files").fetchone()
        (unbalanced,) = con.execute(
            """
            select count(*) from quality.file_manifest
            where received_rows <> accepted_rows + rejected_rows
            """
        ).fetchone()
    assert (bad_rows, bad_files, unbalanced) == (0, 0, 0)


def test_report_states_the_article_figures(sample_run):
    settings, _ = sample_run
    text = (settings.reports_dir / "26_2023_H1.md").read_text(encoding="utf-8")
    for phrase in (
        "khoảng 1.500 tỷ đồng",
        "ước đạt 51,7% kế hoạch",
        "95 tỷ đồng",
        "45% kế hoạch",
        "trên 375 tỷ đồng",
        "50% kế hoạch",
        "3.000 trạm",
        "101 hồ sơ",
        "4.548 văn bản",
        "1.146 văn bản",
        "6/6/2023",
        "7/6/2023",
        "15 doanh nghiệp",
        "hơn 200 doanh nghiệp",
        "so với cùng kỳ",
        # The article's manner: each ratio with its parts, each cut-off date once.
        "Không còn bưu gửi tồn đọng tại các bưu cục, đạt kế hoạch năm 2023",
        "Tính đến ngày 6/6/2023, đã tiếp nhận 101 hồ sơ trực tuyến trên Cổng Dịch vụ công",
        "; trong đó 100% hồ sơ được giải quyết trước hạn.",
        "Sở đã tiếp nhận 4.548 văn bản đến",
        "; phát hành 1.146 văn bản đi; tỷ lệ ký số trên văn bản đi đạt 100%.",
    ):
        assert phrase in text, phrase
    prose = text.split("\n## ")[0]
    assert prose.count("của UBND tỉnh") == 1  # the plan's source, named once
    for denominator in ("Tổng số xã, phường, thị trấn đạt", "Tổng số thủ tục hành chính đạt"):
        assert denominator not in prose
    for suffix in (".xlsx", ".png", ".svg", ".html", ".docx"):
        assert (settings.reports_dir / f"26_2023_H1{suffix}").stat().st_size > 0


def test_dbt_results_land_on_the_short_named_checks(sample_run):
    """dbt reports its tests under its own long names; the run records them on the
    checks Dagster lists (dagster_project/transform/check_names.py)."""
    _, result = sample_run
    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e.passed
        for e in result.get_asset_check_evaluations()
    }
    assert evaluations[("quality/file_manifest", "accepted_values_outcome")] is True
    assert evaluations[("marts/submission_status", "expected_or_received")] is True
    closure = ("intermediate/int_indicator_descendants", "closure_is_acyclic_and_complete")
    assert evaluations[closure] is True
    dbt_checks = {(s.asset_key.to_user_string(), s.name) for s in warehouse_models.check_specs}
    # 147 checks: the not-null tests are one `required_columns_filled` per model.
    assert len(dbt_checks) >= 145
    assert evaluations[("marts/halfyear_vs_plan", "required_columns_filled")] is True
    assert {key: passed for key, passed in evaluations.items() if key in dbt_checks} == {
        key: True for key in dbt_checks
    }


def test_a_year_half_over_is_reported_to_its_cut_off(sample_run):
    settings, _ = sample_run
    text = (settings.reports_dir / "26_2023_FY.md").read_text(encoding="utf-8")
    assert text.startswith("# Báo cáo kết quả năm 2023 (lũy kế đến 30/6/2023)")
    assert "31/12/2023" not in text.split("\n## ")[0]
