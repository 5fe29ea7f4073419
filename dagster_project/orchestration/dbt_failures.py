"""The rows a failed dbt test found, on its Dagster check: which figures failed.

dbt tells how many rows a test found (`dagster_dbt/failed_row_count`), not which. A person
stopped by a check needs the figures, so for each failed test the test's own compiled
query (run_results.json) is run again on the build file and its first rows become the
check's `failures` table; a test whose rows carry a `summary` column (one line per
figure, dbt/tests/generic/pct_of_plan_plausible.sql) also gets those lines as its
`summary`, which the run's failure message quotes (failures.py). Only failed tests pay
for this: a passing run runs no query more.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import dagster as dg
import duckdb

from dagster_project.orchestration.metadata import markdown_table

ROWS_SHOWN = 20
_CHECK_EVENTS = (dg.AssetCheckResult, dg.AssetCheckEvaluation)


def failed_test_queries(
    events: list, run_results: Callable[[], Mapping[str, Any]]
) -> dict[str, str]:
    """The compiled query of each test that failed (or warned), by dbt unique id;
    `run_results` (run_results.json) is read only when one did."""
    failed = {
        _unique_id(event)
        for event in events
        if isinstance(event, _CHECK_EVENTS) and not event.passed
    }
    if not failed:
        return {}
    return {
        result["unique_id"]: result["compiled_code"]
        for result in run_results().get("results", [])
        if result["unique_id"] in failed and result.get("compiled_code")
    }


def with_failing_rows(con: duckdb.DuckDBPyConnection, event, queries: Mapping[str, str]):
    """The event, its `failures` (and `summary`) added when it is a failed dbt test."""
    if not isinstance(event, _CHECK_EVENTS) or event.passed:
        return event
    query = queries.get(_unique_id(event))
    if query is None:
        return event
    result = con.execute(f"select * from ({query}) limit {ROWS_SHOWN}")
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    added: dict[str, Any] = {"failures": dg.MetadataValue.md(markdown_table(names, rows))}
    if "summary" in names:
        at = names.index("summary")
        added["summary"] = dg.MetadataValue.md("\n".join(str(row[at]) for row in rows))
    return event.with_metadata({**event.metadata, **added})


def _unique_id(event) -> str | None:
    value = (event.metadata or {}).get("unique_id")
    return getattr(value, "value", value)
