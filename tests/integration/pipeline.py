"""Runs the real pipeline (Dagster materialization, dbt, DuckDB) on a folder, for tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from dagster_project.assets import transform
from dagster_project.definitions import defs
from dagster_project.resources import PipelinePaths
from dagster_project.settings import Settings


def settings_for(raw_dir: Path, out_dir: Path) -> Settings:
    return Settings.from_paths(
        raw_dir=raw_dir,
        warehouse=out_dir / "data" / "warehouse.duckdb",
        reports_dir=out_dir / "reports",
    )


def run_pipeline(settings: Settings, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    """Materialize every asset of the code location on `settings`' folders."""
    assets = [a for a in defs.assets if not isinstance(a, dg.AssetSpec)]
    return dg.materialize(
        assets,
        instance=instance,
        resources={
            "paths": PipelinePaths(
                raw_dir=str(settings.raw_dir),
                warehouse=str(settings.warehouse),
                reports_dir=str(settings.reports_dir),
            ),
            "dbt": transform.dbt_resource(),
        },
        raise_on_error=False,
    )
