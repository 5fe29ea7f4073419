"""Transform: the dbt project, one Dagster asset per model and an asset check per test."""


import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.resources import PipelinePaths, export_build_db

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt from the SQL; elsewhere `make` has parsed it.
dbt_project.prepare_if_dev()


def dbt_resource() -> DbtCliResource:
    """dbt from this environment's own bin/, whatever is (not) on PATH."""
    return DbtCliResource(
        project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
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
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: PipelinePaths):
    """`dbt build`: models and their tests; a failing test stops what depends on it."""
    export_build_db(paths.settings)
    yield from dbt.cli(["build"], context=context).stream()
