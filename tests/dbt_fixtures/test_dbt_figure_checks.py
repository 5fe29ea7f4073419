"""The checks of the marts' figures before publication are dbt tests (dbt/tests/generic/)
whose limits and severities are vars of dbt_project.yml: on the hand-made fixture they
pass with the defaults, and a limit or severity passed as `--vars` (what
resources.QualityThresholds does for a deployment's overrides) changes the outcome."""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.dbt_fixtures import dbt_on_fixture

CHECKS = ["pct_of_plan_plausible", "parts_sum_to_parent", "completeness_by_sector"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("figure_checks")
    db, dbt = dbt_on_fixture(tmp)
    target = tmp / "target"

    built = dbt("run", "--select", "+halfyear_vs_plan", "+int_submissions_versioned")
    assert built.returncode == 0, built.stdout[-3000:]

    def checks(vars_: dict | None = None) -> tuple[int, dict[str, tuple[str, int]]]:
        """dbt's exit code and each check's (status, failing rows)."""
        extra = ["--vars", json.dumps(vars_)] if vars_ else []
        result = dbt("test", "--select", *CHECKS, *extra)
        results = json.loads((target / "run_results.json").read_text())["results"]
        outcome = {
            r["unique_id"].split(".")[2]: (r["status"], r["failures"])
            for r in results
            if r["unique_id"].startswith("test.")
        }
        assert set(outcome) == set(CHECKS), result.stdout[-3000:]
        return result.returncode, outcome

    return db, checks


def test_with_the_defaults_the_fixture_is_plausible_and_warns_of_two_gaps(project):
    _, checks = project
    code, outcome = checks()
    assert code == 0  # the warnings do not stop the build
    assert outcome == {
        "pct_of_plan_plausible": ("pass", 0),
        # BCVT_REVENUE of 26 in 2023 H1 and FY is 7 above its children (a total sent
        # without parts); 2 of 3 units reported in two sectors of 26 in 2024 H1.
        "parts_sum_to_parent": ("warn", 2),
        "completeness_by_sector": ("warn", 2),
    }


def test_a_lower_plan_limit_fails_the_build_and_names_the_figures(project):
    db, checks = project
    with duckdb.connect(str(db), read_only=True) as con:
        (above_50,) = con.execute(
            "select count(*) from marts.halfyear_vs_plan where pct_of_plan > 50"
        ).fetchone()
    assert above_50 > 0
    code, outcome = checks({"max_pct_of_plan": 50})
    assert code == 1  # severity error: what stops publication in the pipeline
    assert outcome["pct_of_plan_plausible"] == ("fail", above_50)


def test_the_severity_is_a_var_too(project):
    _, checks = project
    code, outcome = checks({"max_pct_of_plan": 50, "pct_of_plan_plausible_severity": "warn"})
    assert code == 0
    assert outcome["pct_of_plan_plausible"][0] == "warn"


def test_completeness_and_roll_up_limits_reach_their_tests(project):
    _, checks = project
    code, outcome = checks({"min_completeness_pct": 0, "parent_tolerance_pct": 1e6})
    assert code == 0
    assert outcome["completeness_by_sector"] == ("pass", 0)
    assert outcome["parts_sum_to_parent"] == ("pass", 0)
