"""Descriptions analysts see: a comment on every relation and column of a real published
warehouse, and the data dictionary `make docs` builds from it."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from dagster_project.publish.warehouse import connect
from dagster_project.report.dictionary import render_dictionary

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "dbt" / "target" / "manifest.json"
ANALYST_SCHEMAS = ("raw", "staging", "intermediate", "marts", "quality")

RELATIONS = """
select schema_name, table_name, comment from duckdb_tables()
where database_name = current_database() and schema_name in (select unnest($schemas))
union all
select schema_name, view_name, comment from duckdb_views()
where database_name = current_database() and schema_name in (select unnest($schemas))
"""
COLUMNS = """
select schema_name, table_name, column_name, comment from duckdb_columns()
where database_name = current_database() and schema_name in (select unnest($schemas))
"""


def _described(con, query: str) -> tuple[int, list[str]]:
    rows = con.execute(query, {"schemas": list(ANALYST_SCHEMAS)}).fetchall()
    blank = sorted(".".join(row[:-1]) for row in rows if not (row[-1] or "").strip())
    return len(rows), blank


def test_every_relation_and_column_analysts_see_has_a_comment(sample_run):
    settings, _ = sample_run
    with connect(settings.warehouse, read_only=True) as con:
        n_relations, blank_relations = _described(con, RELATIONS)
        n_columns, blank_columns = _described(con, COLUMNS)
        (raw_value,) = con.execute(
            "select comment from duckdb_columns() where schema_name = 'raw' "
            "and table_name = 'submission_values' and column_name = 'value'"
        ).fetchone()
    assert n_relations >= 40 and n_columns >= 360
    assert blank_relations == []
    assert blank_columns == []
    # The raw tables' comments are those of the sources' YAML, column by column.
    assert raw_value == "Value as sent, in the indicator's unit; exact decimal."


@pytest.fixture(scope="module")
def dictionary(sample_run) -> tuple[str, dict[str, list[str]]]:
    """The page, and every mart's columns as the warehouse has them."""
    settings, _ = sample_run
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    with connect(settings.warehouse, read_only=True) as con:
        page = render_dictionary(manifest, con)
        columns: dict[str, list[str]] = {}
        for table, column in con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where schema_name = 'marts' order by table_name, column_index"
        ).fetchall():
            columns.setdefault(table, []).append(column)
    return page, columns


def _section(page: str, table: str) -> str:
    start = page.index(f"<h3 id='{table}'>")
    end = page.find("<h", start + 4)
    return page[start:end]


def test_the_dictionary_names_every_mart_column(dictionary):
    page, columns = dictionary
    assert set(columns) == {
        "active_units", "halfyear_vs_plan", "report_edition_changes", "revisions",
        "submission_status",
    }  # fmt: skip
    for table, names in columns.items():
        section = _section(page, table)
        shown = re.findall(r"<tr><td><code>([^<]+)</code></td>", section)
        assert shown == names, table


def test_a_mart_column_has_meaning_in_both_languages_unit_and_example(dictionary):
    page, _ = dictionary
    section = _section(page, "halfyear_vs_plan")
    row = re.search(r"<tr><td><code>pct_of_plan</code></td>(.*?)</tr>", section).group(1)
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]
    kind, unit, vi, en, example = cells
    assert kind == "DOUBLE" and unit == "%"
    assert vi.startswith("Tỷ lệ đạt kế hoạch năm")
    assert en.startswith("DOUBLE. 100 x actual_value / plan_value")
    assert float(example) > 0


def test_the_indicator_catalogue_gives_kind_parent_plan_and_who_reports(dictionary):
    page, _ = dictionary
    row = re.search(r"<tr><td>POSTAL_REVENUE</td>(.*?)</tr>", page).group(1)
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]
    name_vi, name_en, kind, unit, parent, _plan, who = cells
    assert (name_vi, name_en, kind, unit, parent) == (
        "Doanh thu bưu chính",
        "Postal revenue",
        "flow",
        "tỷ đồng",
        "BCVT_REVENUE",
    )
    assert re.fullmatch(r"postal \(\d+\)", who), who
    bcvt = re.search(r"<tr><td>BCVT_REVENUE</td>(.*?)</tr>", page).group(1)
    assert "26 2023: 2900.0" in html.unescape(bcvt)


def test_make_docs_builds_dbts_site_and_the_dictionary(sample_run, tmp_path):
    settings, _ = sample_run
    warehouse = tmp_path / "warehouse.duckdb"
    warehouse.write_bytes(settings.warehouse.read_bytes())
    done = subprocess.run(
        ["make", "-s", "docs"],
        cwd=ROOT,
        env={**os.environ, "ICT_WAREHOUSE": str(warehouse)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    docs = tmp_path / "docs"
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    mart = catalog["nodes"]["model.ict_reporting.halfyear_vs_plan"]
    assert mart["metadata"]["comment"].startswith("Half-year versus plan.")
    assert "halfyear_vs_plan" in (docs / "static_index.html").read_text(encoding="utf-8")
    page = (docs / "dictionary.html").read_text(encoding="utf-8")
    assert "<h3 id='submission_status'>" in page
    assert not (docs / "catalog.duckdb").exists()


def test_the_data_types_the_yaml_gives_are_those_dbt_builds(sample_run):
    # tests/unit/conftest.py builds the tables the report reads from these types.
    settings, _ = sample_run
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    declared = {
        (node["schema"], node["name"], column): spec["data_type"].lower()
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        for column, spec in node["columns"].items()
        if spec.get("data_type")
    }
    with connect(settings.warehouse, read_only=True) as con:
        built = {
            (schema, table, column): data_type.lower()
            for schema, table, column, data_type in con.execute(
                "select schema_name, table_name, column_name, data_type from duckdb_columns() "
                "where database_name = current_database()"
            ).fetchall()
        }
    assert len(declared) >= 130
    assert {key: built.get(key) for key in declared} == declared
