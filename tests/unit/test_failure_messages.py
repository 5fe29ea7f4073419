"""What a failed run tells a person: the cause under the step, rejected reference rows in
the summary, and input text that cannot reshape Dagster's Markdown metadata."""

from __future__ import annotations

import duckdb
from dagster._utils.error import SerializableErrorInfo

from dagster_project.common.settings import Settings
from dagster_project.orchestration.failures import _causes
from dagster_project.orchestration.metadata import markdown_table
from dagster_project.report.summary import summarize


def test_every_cause_under_a_retried_step_is_shown():
    duckdb_error = SerializableErrorInfo(
        'IO Error: The file "b.duckdb" exists, but it is not a valid DuckDB database file!',
        [],
        "IOException",
    )
    retry = SerializableErrorInfo("Exceeded max_retries of 3", [], "RetryRequested", duckdb_error)
    step = SerializableErrorInfo(
        'Error occurred while executing op "reference_tables":', [], "StepError", retry
    )
    assert _causes(step) == [
        'Error occurred while executing op "reference_tables":',
        "Exceeded max_retries of 3",
        'IO Error: The file "b.duckdb" exists, but it is not a valid DuckDB database file!',
    ]


def test_the_summary_names_rejected_reference_rows(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema quality; create schema marts")
        con.execute(
            "create table quality.file_manifest as select 'loaded' as outcome, "
            "10 as received_rows, 10 as accepted_rows, 0 as rejected_rows"
        )
        con.execute(
            "create table quality.rejected_rows as select * from (values "
            "('reference/plans.csv', 3, 'plan_value_is_number'), "
            "('reference/plans.csv', 3, 'plan_value_non_negative'), "
            "('reference/plans.csv', 5, 'year_is_year')) "
            "as t(file_path, row_number, check_name)"
        )
        con.execute(
            "create table marts.halfyear_vs_plan (province_code varchar, year int, "
            "period varchar, actual_value double, status varchar, needs_review boolean)"
        )
    settings = Settings.from_paths(tmp_path / "raw", warehouse, tmp_path / "reports")
    text = summarize(settings)
    assert (
        "Reference rows rejected: reference/plans.csv 2 rows (plan_value_is_number, "
        "plan_value_non_negative, year_is_year; see quality.rejected_rows)"
    ) in text


def test_input_text_in_metadata_tables_is_inert():
    table = markdown_table(["unit", "value"], [("# Heading\n| injected", "a|b")])
    rows = table.splitlines()
    assert rows[-1] == "| \\# Heading \\| injected | a\\|b |"
    assert len(rows) == 3  # header, rule, one row: no line, cell or heading added


def test_a_failed_dbt_test_shows_the_rows_it_found_and_their_summary():
    import dagster as dg

    from dagster_project.orchestration.dbt_failures import failed_test_queries, with_failing_rows
    from dagster_project.orchestration.failures import _check_lines

    con = duckdb.connect()
    con.execute("create table m as select * from (values ('A', 1500), ('B', 20)) t(code, pct)")
    query = "select code, pct, code || ' is ' || pct || '% of the plan' as summary from m"
    failed = dg.AssetCheckEvaluation(
        asset_key=dg.AssetKey(["marts", "m"]),
        check_name="plausible",
        passed=False,
        metadata={"unique_id": "test.p.plausible.1", "dagster_dbt/failed_row_count": 2},
        severity=dg.AssetCheckSeverity.ERROR,
    )
    passed = dg.AssetCheckEvaluation(
        asset_key=dg.AssetKey(["marts", "m"]),
        check_name="other",
        passed=True,
        metadata={"unique_id": "test.p.o"},
    )
    run_results = {
        "results": [
            {"unique_id": "test.p.plausible.1", "compiled_code": query},
            {"unique_id": "test.p.o", "compiled_code": "select 1/0"},
        ]
    }
    queries = failed_test_queries([failed, passed], lambda: run_results)
    assert queries == {"test.p.plausible.1": query}  # a passing test's query is not rerun
    assert failed_test_queries([passed], lambda: 1 / 0) == {}  # nor run_results read
    shown = with_failing_rows(con, failed, queries)
    assert shown.metadata["dagster_dbt/failed_row_count"].value == 2
    assert "| A | 1500 |" in shown.metadata["failures"].value
    assert _check_lines(shown) == [
        "BLOCKED by check plausible on marts/m",
        "  A is 1500% of the plan",
        "  B is 20% of the plan",
    ]
    assert with_failing_rows(con, passed, queries) is passed
