"""Transform: the dbt project, one Dagster asset per model and an asset check per test."""


import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.metadata import table_metadata
from dagster_project.resources import PipelinePaths, WarehouseWriter, export_build_db
from dagster_project.warehouse import connect

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt from the SQL; elsewhere `make` has parsed it.
dbt_project.prepare_if_dev()


def dbt_resource() -> DbtCliResource:
    """dbt from this environment's own bin/, whatever is (not) on PATH, started through
    `ict-dbt` so that it dies with the pipeline (dagster_project/dbt_child.py)."""
    return DbtCliResource(
        project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "ict-dbt")
    )


class WarehouseTranslator(DagsterDbtTranslator):
    """Asset keys are the DuckDB relations: `raw/<table>` for sources, `<schema>/<model>`."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=WarehouseTranslator())
def warehouse_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    paths: PipelinePaths,
    writer: WarehouseWriter,
):
    """`dbt build`: models and their tests; a failing test stops what depends on it."""
    settings = paths.settings
    export_build_db(settings)
    # dbt holds the file while it runs; the row counts and previews are read after it.
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    events = list(invocation.stream())
    keys = context.assets_def.keys_by_output_name
    with connect(settings.build_db, read_only=True) as con:
        for event in events:
            if isinstance(event, dg.Output):
                event = event.with_metadata(
                    {**event.metadata, **_table_metadata_or_none(con, keys[event.output_name])}
                )
            yield event
    if not invocation.is_successful():
        raise invocation.get_error()  # after the events, so failed tests show as checks


def _table_metadata_or_none(con, key: dg.AssetKey) -> dict:
    """Row count, schema and preview of a model's relation (`<schema>/<name>` keys)."""
    schema, name = key.path[-2], key.path[-1]
    try:
        return table_metadata(con, schema, name)
    except duckdb.Error:  # not a relation (an ephemeral model): no metadata, no failure
        return {}
