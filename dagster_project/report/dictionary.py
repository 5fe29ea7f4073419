"""`python -m dagster_project.report.dictionary`: the one-page data dictionary (`make docs`).

Every word about a column comes from the dbt YAML, as dbt parsed it into its manifest:
`description` (English; the same text persist_docs writes into the warehouse as the
column's comment) and `meta: {vi: …, unit: …}` (Vietnamese, and the unit where a column
has one). The example values and the indicator catalogue are read from the published
warehouse, read-only. Nothing here is written twice.
"""

from __future__ import annotations

import argparse
import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.common.sql import quote_identifier
from dagster_project.publish.atomic import replaced_atomically
from dagster_project.publish.warehouse import connect

MART_SCHEMA = "marts"

INDICATOR_CATALOGUE = """
with units_by_activity as (
    select activity, count(distinct unit_code) as n_units
    from intermediate.int_unit_activities
    group by activity
),
reporters as (
    select a.indicator_code,
           string_agg(distinct a.activity || ' (' || coalesce(u.n_units, 0) || ')', ', '
                      order by a.activity || ' (' || coalesce(u.n_units, 0) || ')') as who
    from intermediate.int_indicator_activities as a
    left join units_by_activity as u using (activity)
    group by a.indicator_code
),
plans as (
    select indicator_code,
           string_agg(province_code || ' ' || year || ': ' || plan_value::double, '; '
                      order by province_code, year) as plan
    from intermediate.int_plans_in_force
    where period = 'FY'
    group by indicator_code
)
select i.indicator_code, i.indicator_name_vi, i.indicator_name_en, i.kind, i.unit,
       i.parent_code, p.plan, r.who
from staging.stg_indicators as i
left join plans as p using (indicator_code)
left join reporters as r using (indicator_code)
order by coalesce(i.parent_code, i.indicator_code), i.parent_code nulls first, i.indicator_code
"""


def mart_models(manifest: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The marts' model nodes, by name."""
    models = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == MART_SCHEMA
    ]
    return sorted(models, key=lambda node: node["name"])


def example_values(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column -> one value of it from the warehouse (the first non-NULL one)."""
    columns = [
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() "
            "where schema_name = $schema and table_name = $table order by column_index",
            {"schema": MART_SCHEMA, "table": table},
        ).fetchall()
    ]
    relation = f"{quote_identifier(MART_SCHEMA)}.{quote_identifier(table)}"
    picks = ", ".join(
        f"any_value({quote_identifier(c)}) filter (where {quote_identifier(c)} is not null)"
        for c in columns
    )
    row = con.execute(f"select {picks} from {relation}").fetchone() if columns else ()
    return {c: "" if v is None else str(v) for c, v in zip(columns, row, strict=True)}


def _cell(text: Any) -> str:
    return f"<td>{html.escape('' if text is None else str(text))}</td>"


def _mart_section(node: Mapping[str, Any], examples: Mapping[str, str], types) -> str:
    meta = node.get("meta") or node.get("config", {}).get("meta") or {}
    rows = []
    for name in examples:
        column = node["columns"].get(name, {})
        column_meta = column.get("meta") or {}
        rows.append(
            "<tr>"
            + f"<td><code>{html.escape(name)}</code></td>"
            + _cell(types.get(name))
            + _cell(column_meta.get("unit", ""))
            + _cell(column_meta.get("vi", ""))
            + _cell(column.get("description", ""))
            + _cell(examples[name])
            + "</tr>"
        )
    return (
        f"<h3 id='{node['name']}'><code>{MART_SCHEMA}.{html.escape(node['name'])}</code></h3>\n"
        + (f"<p lang='vi'>{html.escape(meta['vi'])}</p>\n" if meta.get("vi") else "")
        + f"<p>{html.escape(node.get('description', ''))}</p>\n"
        + "<table><thead><tr><th>Cột / Column</th><th>Kiểu / Type</th>"
        + "<th>Đơn vị / Unit</th><th>Ý nghĩa, cách tính (VI)</th>"
        + "<th>Meaning, how computed (EN)</th><th>Ví dụ / Example</th></tr></thead>\n<tbody>"
        + "\n".join(rows)
        + "</tbody></table>\n"
    )


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return dict(
        con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where schema_name = $schema and table_name = $table",
            {"schema": MART_SCHEMA, "table": table},
        ).fetchall()
    )


def _indicator_section(con: duckdb.DuckDBPyConnection) -> str:
    heads = (
        "Mã / Code",
        "Tên chỉ tiêu",
        "Indicator",
        "Loại / Kind",
        "Đơn vị / Unit",
        "Chỉ tiêu cha / Parent",
        "Kế hoạch năm / Annual plan (tỉnh năm: giá trị)",
        "Đơn vị báo cáo / Who reports (hoạt động (số đơn vị))",
    )
    rows = con.execute(INDICATOR_CATALOGUE).fetchall()
    body = "\n".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return (
        "<h2 id='indicators'>Danh mục chỉ tiêu / Indicator catalogue</h2>\n<table><thead><tr>"
        + "".join(f"<th>{html.escape(h)}</th>" for h in heads)
        + f"</tr></thead>\n<tbody>{body}</tbody></table>\n"
    )


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 110em; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; } code { white-space: nowrap; }
"""


def render_dictionary(manifest: Mapping[str, Any], con: duckdb.DuckDBPyConnection) -> str:
    """The whole page: every column of every mart, then the indicator catalogue."""
    sections = []
    for node in mart_models(manifest):
        examples = example_values(con, node["name"])
        sections.append(_mart_section(node, examples, _column_types(con, node["name"])))
    return (
        "<!doctype html>\n<html lang='vi'><head><meta charset='utf-8'>"
        "<title>Từ điển dữ liệu / Data dictionary</title>"
        f"<style>{STYLE}</style></head><body>\n"
        "<h1>Từ điển dữ liệu / Data dictionary</h1>\n"
        "<p>Các bảng tổng hợp (schema <code>marts</code>) và danh mục chỉ tiêu của kho dữ "
        "liệu DuckDB. Ví dụ lấy từ kho đã công bố. / The marts and the indicator catalogue "
        "of the DuckDB warehouse; examples are read from the published warehouse.</p>\n"
        "<h2 id='marts'>Bảng tổng hợp / Marts</h2>\n"
        + "".join(sections)
        + _indicator_section(con)
        + "</body></html>\n"
    )


def write_dictionary(manifest_path: Path, warehouse: Path, out: Path) -> Path:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    with connect(warehouse, read_only=True) as con:
        page = render_dictionary(manifest, con)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replaced_atomically(out) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dagster_project.report.dictionary", description=__doc__)
    parser.add_argument("--manifest", type=Path, required=True, help="dbt's manifest.json")
    parser.add_argument("--warehouse", type=Path, required=True, help="the published file")
    parser.add_argument("--out", type=Path, required=True, help="the HTML page to write")
    args = parser.parse_args(argv)
    print(write_dictionary(args.manifest, args.warehouse, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
