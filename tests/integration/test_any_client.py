"""The published warehouse of a real run opens in DuckDB clients other than ours, and
every published file is readable by group and others (0644).

The other clients are the newest `duckdb-cli` on PyPI and a DuckDB 1.4 LTS Python, from
`make clients` (`.venv-clients/`, which `make test` installs first).
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
from pathlib import Path

import duckdb
import pytest

from dagster_project.publish.warehouse import STORAGE_VERSION, connect, publish, storage_version

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / ".venv-clients" / "bin"
CLI = CLIENTS / "duckdb"
PYTHON_14 = CLIENTS / "python"

# One query over a mart, a join and a quality table: the figures every client must agree on.
FIGURES = """
select h.indicator_code, h.actual_value::double as actual, h.pct_of_plan, h.status,
       (select count(*) from quality.file_manifest) as files
from marts.halfyear_vs_plan as h
where h.province_code = '26' and h.year = 2023 and h.period = 'H1'
order by h.indicator_code
"""


def _clients_or_fail() -> None:
    if not (CLI.exists() and PYTHON_14.exists()):
        pytest.fail(f"{CLIENTS.parent} missing: run `make clients` (make test does)")


def _ours(warehouse: Path) -> list[tuple]:
    with connect(warehouse, read_only=True) as con:
        return _numbers(con.execute(FIGURES).fetchall())


def _numbers(rows) -> list[tuple]:
    """Rows from any client (CSV text or Python values) as comparable values: numbers
    rounded to 6 places (the CLI prints doubles shortest-exact), NULL as None."""
    return [tuple(_value(v) for v in row) for row in rows]


def _value(v):
    if v is None or v == "":
        return None
    try:
        return round(float(v), 6)
    except ValueError:
        return v


def test_the_newest_pypi_cli_reads_the_published_warehouse(sample_run):
    _clients_or_fail()
    settings, _ = sample_run
    done = subprocess.run(
        [str(CLI), "-readonly", "-csv", "-nullvalue", "", str(settings.warehouse), "-c", FIGURES],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    header, *rows = list(csv.reader(io.StringIO(done.stdout)))
    assert header == ["indicator_code", "actual", "pct_of_plan", "status", "files"]
    ours = _ours(settings.warehouse)
    assert len(ours) > 10
    assert _numbers(rows) == ours
    bcvt = next(r for r in _numbers(rows) if r[0] == "BCVT_REVENUE")
    assert (bcvt[1], round(bcvt[2], 1)) == (1500.0, 51.7)


def test_duckdb_14_python_reads_the_published_warehouse(sample_run):
    _clients_or_fail()
    settings, _ = sample_run
    script = (
        "import csv, sys, duckdb\n"
        "print(duckdb.__version__, file=sys.stderr)\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "csv.writer(sys.stdout).writerows(con.execute(sys.argv[2]).fetchall())\n"
    )
    done = subprocess.run(
        [str(PYTHON_14), "-c", script, str(settings.warehouse), FIGURES],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("1.4."), done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert _numbers(rows) == _ours(settings.warehouse)


def test_published_warehouse_is_in_the_pinned_storage_version(sample_run):
    settings, _ = sample_run
    with connect(settings.warehouse, read_only=True) as con:
        assert storage_version(con) == f"{STORAGE_VERSION}+"


def test_published_files_are_readable_by_group_and_others(sample_run):
    settings, _ = sample_run
    published = [
        settings.warehouse,
        *sorted(settings.reports_dir.glob("*.*")),
        *sorted((settings.reports_dir / "feedback").glob("*.md")),
    ]
    kinds = {p.suffix for p in published}
    assert {".duckdb", ".md", ".xlsx", ".png"} <= kinds, kinds
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in published}
    assert set(modes.values()) == {"0o644"}, modes


def test_a_build_file_in_the_newest_format_is_published_in_the_pinned_one(tmp_path):
    """A build file left by an older version of the pipeline (DuckDB 2.0's own format)."""
    build, warehouse = tmp_path / "w.building.duckdb", tmp_path / "w.duckdb"
    con = duckdb.connect(str(build))
    con.execute("create schema marts")
    con.execute("create table marts.t as select 42 as answer")
    con.execute("comment on column marts.t.answer is 'the answer'")
    assert storage_version(con) != f"{STORAGE_VERSION}+"
    con.close()

    publish(build, warehouse)

    for path in (build, warehouse):
        with connect(path, read_only=True) as con:
            assert storage_version(con) == f"{STORAGE_VERSION}+"
            assert con.execute("select answer from marts.t").fetchall() == [(42,)]
            assert con.execute(
                "select comment from duckdb_columns() where table_name = 't'"
            ).fetchall() == [("the answer",)]
    assert oct(stat.S_IMODE(warehouse.stat().st_mode)) == "0o644"


def test_make_sql_runs_one_query_read_only_on_the_published_warehouse(sample_run):
    """`make sql Q="…"` (the README's scripting form) prints the query's result."""
    _clients_or_fail()
    settings, _ = sample_run
    query = (
        "select round(pct_of_plan, 1) as pct from marts.halfyear_vs_plan "
        "where province_code = '26' and year = 2023 and period = 'H1' "
        "and indicator_code = 'BCVT_REVENUE'"
    )
    env = {**os.environ, "ICT_WAREHOUSE": str(settings.warehouse)}
    done = _make_sql(query, env)
    assert done.returncode == 0, done.stderr
    assert "51.7" in done.stdout, done.stdout
    # Read-only: a write is refused and the file is left as it was.
    before = settings.warehouse.stat().st_mtime_ns
    refused = _make_sql("create table marts.scratch as select 1", env)
    assert refused.returncode != 0
    assert "read-only" in (refused.stdout + refused.stderr).lower()
    assert settings.warehouse.stat().st_mtime_ns == before


def _make_sql(query: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "sql", f"Q={query}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_df_gives_analysts_a_pandas_frame(sample_run):
    """`.df()` works in the project's environment (pandas is a dependency)."""
    settings, _ = sample_run
    with connect(settings.warehouse, read_only=True) as con:
        frame = con.sql(
            "select indicator_code, pct_of_plan from marts.halfyear_vs_plan "
            "where province_code = '26' and year = 2023 and period = 'H1' "
            "and indicator_code = 'BCVT_REVENUE'"
        ).df()
    assert list(frame.columns) == ["indicator_code", "pct_of_plan"]
    assert round(float(frame.loc[0, "pct_of_plan"]), 1) == 51.7
