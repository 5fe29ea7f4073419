"""`required_columns_filled` (dbt/tests/generic/): one test per model checks every column
its YAML marks required, and a failure names each empty column with its count of NULLs."""

from __future__ import annotations

import duckdb
import pytest

from tests.dbt_fixtures import dbt_on_fixture

# stg_plans marks year, province_code, indicator_code and plan_value required.
MODEL = "stg_plans"
TEST = f"{MODEL},test_name:required_columns_filled"  # its other tests need other models


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("required")
    db, dbt = dbt_on_fixture(folder)
    built = dbt("run", "--select", MODEL)
    assert built.returncode == 0, built.stdout[-3000:]
    return folder, db, dbt


def test_the_fixture_fills_every_required_column(project):
    _, _, dbt = project
    result = dbt("test", "--select", TEST)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "required_columns_filled_stg_plans_" in result.stdout


def test_empty_required_columns_fail_and_are_named_with_their_counts(project):
    folder, db, dbt = project
    with duckdb.connect(str(db)) as con:
        plans = con.execute("select count(*) from raw.plans").fetchone()[0]
        assert plans >= 3
        # raw's own NOT NULL guards these first; dbt's test is there for what gets past
        # (and for models that compute a column). stg_plans is a view: the NULLs show at
        # the next `dbt test`.
        for column in ("plan_value", "province_code"):
            con.execute(f"alter table raw.plans alter column {column} drop not null")
        con.execute("""
            update raw.plans set plan_value = null
            where rowid in (select rowid from raw.plans order by rowid limit 2)
        """)
        con.execute("""
            update raw.plans set province_code = null
            where rowid = (select max(rowid) from raw.plans)
        """)
    result = dbt("test", "--select", TEST)
    assert result.returncode == 1
    # Two columns with NULLs: two rows of the test's query.
    assert "Failure in test required_columns_filled_stg_plans_" in result.stdout
    assert "Got 2 results, configured to fail if != 0" in result.stdout, result.stdout[-3000:]
    (compiled,) = (folder / "target" / "compiled").rglob("required_columns_filled_stg_plans_.sql")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(compiled.read_text(encoding="utf-8")).fetchall()
    assert sorted(rows) == [("plan_value", 2), ("province_code", 1)]
