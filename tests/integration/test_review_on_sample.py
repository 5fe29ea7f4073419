"""The clean sample holds nothing for review: no review flag, no rule violation, no
draft, and the H1 2023 figures as published (one shared pipeline run, `sample_run`)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

pytestmark = pytest.mark.slow


def _rows(settings, sql):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_sample_has_no_review_flags_or_violations(sample_run):
    settings, _ = sample_run
    assert _rows(settings, "SELECT count(*) FROM quality.warnings WHERE severity = 'review'") == [
        (0,)
    ]
    assert _rows(settings, "SELECT count(*) FROM quality.open_review_flags") == [(0,)]
    assert _rows(settings, "SELECT count(*) FROM quality.rule_violations") == [(0,)]
    assert _rows(settings, "SELECT count(*) FROM raw.validation_rules") == [(5,)]
    assert _rows(settings, "SELECT count(*) FROM marts.halfyear_vs_plan WHERE needs_review") == [
        (0,)
    ]


def test_sample_reports_are_final_with_the_h1_2023_figures(sample_run):
    settings, _ = sample_run
    assert sorted(settings.reports_dir.glob("*.du_thao.md")) == []
    assert (settings.reports_dir / "26_2023_H1.md").exists()
    [(actual, pct)] = _rows(
        settings,
        "SELECT actual_value, round(pct_of_plan, 1) FROM marts.halfyear_vs_plan "
        "WHERE province_code = '26' AND year = 2023 AND period = 'H1' "
        "AND indicator_code = 'BCVT_REVENUE'",
    )
    assert actual == Decimal("1500") and pct == 51.7
