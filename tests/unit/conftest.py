"""Fixtures: a small raw folder written into `tmp_path` (the ingest tests), and the
tables dbt builds, with their real columns, for the tests of what reads them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dagster_project.common.sql import quote_identifier

# Written by `make setup` (dbt parse): every model's columns with the data_type of its YAML.
MANIFEST = Path(__file__).resolve().parents[2] / "dbt" / "target" / "manifest.json"


@cache
def _models() -> tuple[dict[str, Any], ...]:
    nodes = json.loads(MANIFEST.read_text(encoding="utf-8"))["nodes"].values()
    return tuple(node for node in nodes if node["resource_type"] == "model")


@cache
def built_columns(relation: str) -> dict[str, str]:
    """Column → DuckDB type of a table dbt builds (``schema.name``), in its YAML's order."""
    schema, name = relation.split(".")
    for node in _models():
        if (node["schema"], node["name"]) == (schema, name):
            columns = {column: spec.get("data_type") for column, spec in node["columns"].items()}
            untyped = [column for column, data_type in columns.items() if not data_type]
            assert not untyped, f"{relation}: no data_type in the model's YAML for {untyped}"
            return columns
    raise KeyError(f"{relation} is not a model of {MANIFEST}")


def create_built_table(
    con: duckdb.DuckDBPyConnection, relation: str, rows: Iterable[Mapping[str, Any]] = ()
) -> None:
    """``relation`` as dbt builds it (every column, with its type), holding ``rows``: a
    column a row does not name is NULL; a name that is no column is an error."""
    columns = built_columns(relation)
    schema, name = relation.split(".")
    con.execute(f"create schema if not exists {quote_identifier(schema)}")
    listed = ", ".join(f"{quote_identifier(column)} {type_}" for column, type_ in columns.items())
    table = quote_identifier(schema, name)
    con.execute(f"create table {table} ({listed})")
    for row in rows:
        unknown = set(row) - set(columns)
        assert not unknown, f"{relation} has no column {sorted(unknown)}"
        names = ", ".join(quote_identifier(column) for column in row)
        marks = ", ".join("?" for _ in row)
        con.execute(f"insert into {table} ({names}) values ({marks})", list(row.values()))


def create_built_tables(
    con: duckdb.DuckDBPyConnection, rows: Mapping[str, Iterable[Mapping[str, Any]]]
) -> None:
    """Every table the report and the feedback read, empty unless ``rows`` fills it."""
    for relation in BUILT_TABLES_READ:
        create_built_table(con, relation, rows.get(relation, ()))


# What dagster_project/report reads (writer, feedback, review): dbt builds them all.
BUILT_TABLES_READ = (
    "marts.halfyear_vs_plan",
    "marts.active_units",
    "marts.submission_status",
    "quality.rejected_rows",
    "quality.warnings",
    "quality.rejected_files",
    "quality.file_manifest",
    "quality.open_review_flags",
    "staging.stg_reporting_units",
    "staging.stg_indicators",
)

INDICATORS_CSV = """\
indicator_code,name_vi,name_en,sector_code,unit,kind,numerator_code,denominator_code,parent_code,higher_is_better,activity
BCVT_REVENUE,Doanh thu bưu chính viễn thông,Postal and telecom revenue,telecom,tỷ đồng,flow,,,,true,
POSTAL_REVENUE,Doanh thu bưu chính,Postal revenue,postal,tỷ đồng,flow,,,BCVT_REVENUE,true,postal
BTS_STATIONS,Số trạm BTS,BTS stations,telecom,trạm,stock,,,,true,telephone
DOCS_OUT,Văn bản đi,Outgoing documents,admin,văn bản,flow,,,,true,SO_TTTT
DOCS_OUT_SIGNED,Văn bản đi có ký số,Outgoing documents signed,admin,văn bản,flow,,,,true,SO_TTTT
DOCS_SIGNED_PCT,Tỷ lệ ký số,Share signed,admin,%,ratio,DOCS_OUT_SIGNED,DOCS_OUT,,true,SO_TTTT
"""

UNITS_CSV = """\
unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to
BC01,Bưu điện tỉnh,enterprise,26,postal,2500123456,2010-01-01,
VT01,Viettel Vĩnh Phúc,enterprise,26,telephone; internet,2500123456-001,2010-01-01,
SO01,Sở Thông tin và Truyền thông,agency,26,SO_TTTT,,2008-01-01,
"""

PLANS_CSV = """\
year,province_code,indicator_code,plan_value,source,plan_source,revised_on
2023,26,BCVT_REVENUE,2.900,Kế hoạch 2023,UBND,
2023,26,BTS_STATIONS,3100,Kế hoạch 2023,UBND,
"""

REFERENCE: dict[str, str] = {
    "indicators.csv": INDICATORS_CSV,
    "reporting_units.csv": UNITS_CSV,
    "plans.csv": PLANS_CSV,
}

WriteRaw = Callable[..., Path]


def write_raw_folder(
    root: Path,
    submissions: Mapping[str, str | bytes] | None = None,
    reference: Mapping[str, str | bytes | None] | None = None,
) -> Path:
    """`root/raw` with the reference files above (overridable; None removes one)."""
    raw = root / "raw"
    (raw / "reference").mkdir(parents=True, exist_ok=True)
    (raw / "submissions").mkdir(parents=True, exist_ok=True)
    files = {**REFERENCE, **(reference or {})}
    for name, content in files.items():
        if content is not None:
            _write(raw / "reference" / name, content)
    for rel, content in (submissions or {}).items():
        _write(raw / "submissions" / rel, content)
    return raw


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture
def raw_folder(tmp_path: Path) -> WriteRaw:
    """Call with `submissions={relative path: text}` (and `reference=`) to get a raw dir."""

    def make(**kwargs) -> Path:
        return write_raw_folder(tmp_path, **kwargs)

    return make
