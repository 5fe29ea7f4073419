"""dbt behind the contracts (whose side is tests/unit/test_ingest_contracts.py): a parent
cycle, or a chain longer than the recursion's depth cap, fails the build; the largest
and smallest values the contract lets through do not overflow any expression."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.read.parsing import VALUE_BOUND
from tests.dbt_fixtures import dbt_on_fixture

TEST = "closure_is_acyclic_and_complete"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The fixture's raw schema with the closure's views built over it (views: a change
    to raw.indicators shows at the next `dbt test`)."""
    db, dbt = dbt_on_fixture(tmp_path_factory.mktemp("cycle"))
    built = dbt(
        "run", "--select", "+int_indicator_descendants", "+int_values_checked_for_plausibility"
    )
    assert built.returncode == 0, built.stdout[-3000:]
    return db, dbt


def add_indicators(db: Path, rows: list[tuple[str, str | None]]) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("delete from raw.indicators where indicator_code like 'CYC_%'")
        if rows:
            con.executemany(
                "insert into raw.indicators (indicator_code, name_vi, unit, kind, "
                "parent_code, higher_is_better) values (?, ?, 'tỷ đồng', 'flow', ?, true)",
                [(code, code, parent) for code, parent in rows],
            )


def failures(result: subprocess.CompletedProcess) -> str:
    return result.stdout[-3000:]


def test_the_fixture_hierarchy_passes(project):
    db, dbt = project
    add_indicators(db, [])
    result = dbt("test", "--select", TEST)
    assert result.returncode == 0, failures(result)


def test_a_two_indicator_cycle_fails_the_build(project):
    db, dbt = project
    add_indicators(db, [("CYC_A", "CYC_B"), ("CYC_B", "CYC_A")])
    result = dbt("test", "--select", TEST)
    assert result.returncode == 1
    assert "Got 2 results, configured to fail if != 0" in result.stdout, failures(result)


def test_a_chain_deeper_than_the_cap_fails_the_build(project):
    db, dbt = project
    chain = [("CYC_0", None)] + [(f"CYC_{i}", f"CYC_{i - 1}") for i in range(1, 25)]
    add_indicators(db, chain)
    result = dbt("test", "--select", TEST)
    # CYC_0..CYC_3 each lose the bottom of the chain below depth 20.
    assert result.returncode == 1
    assert "Got 4 results, configured to fail if != 0" in result.stdout, failures(result)


def test_the_extreme_values_the_contract_accepts_do_not_overflow(project):
    """A scale jump from the smallest non-zero value to the largest: 10^21 times, above
    BIGINT (the warning's `times` overflowed there and stopped the run)."""
    db, dbt = project
    largest = VALUE_BOUND - Decimal("0.000001")
    # Three months of history: the least a scale jump is judged on.
    rows = [(1, Decimal("0.000001")), (2, Decimal("0.000001")), (3, Decimal("0.000001"))]
    rows.append((4, largest))
    with duckdb.connect(str(db)) as con:
        con.executemany(
            "insert into raw.submission_values (file_path, row_number, unit_code, period, "
            "indicator_code, value, status) values (?, 2, 'BC01', ?, 'BIG_VALUE', ?, "
            "'actual')",
            [(f"submissions/2031/0{m}/big.csv", date(2031, m, 1), v) for m, v in rows],
        )
    built = dbt("run", "--select", "+int_values_checked_for_plausibility")  # some are tables
    assert built.returncode == 0, built.stdout[-3000:]
    with duckdb.connect(str(db)) as con:
        (schema,) = con.execute(
            "select table_schema from information_schema.tables "
            "where table_name = 'int_values_checked_for_plausibility'"
        ).fetchone()
        messages = con.execute(
            f'select message from "{schema}".int_values_checked_for_plausibility '
            "where file_path like '%big.csv' and check_name = 'value_scale_jump'"
        ).fetchall()
    assert messages == [
        (
            "value 999999999999999.999999 is 1000000000000000000000 times larger than the "
            "median 0.000001 of the previous 3 months with data (2031-01 to 2031-03): check "
            "the unit of measure (e.g. triệu instead of tỷ đồng)",
        )
    ]
