"""Runs the real pipeline (Dagster job, dbt, DuckDB) on a folder, for tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from dagster_project.cli import run_whole_graph
from dagster_project.common.settings import Settings
from dagster_project.definitions import build_definitions
from dagster_project.orchestration.resources import PipelinePaths, QualityThresholds


def settings_for(raw_dir: Path, out_dir: Path) -> Settings:
    return Settings.from_paths(
        raw_dir=raw_dir,
        warehouse=out_dir / "data" / "warehouse.duckdb",
        reports_dir=out_dir / "reports",
    )


def definitions_for(
    settings: Settings, thresholds: QualityThresholds | None = None
) -> dg.Definitions:
    return build_definitions(PipelinePaths.from_settings(settings), thresholds)


def run_pipeline(
    settings: Settings,
    instance: dg.DagsterInstance,
    thresholds: QualityThresholds | None = None,
) -> dg.ExecuteInProcessResult:
    """The whole graph over every file of `settings.raw_dir`, as `make run` does it."""
    return run_whole_graph(definitions_for(settings, thresholds), instance, settings)
