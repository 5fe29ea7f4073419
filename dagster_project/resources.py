"""Dagster resources: the paths of one run, read from the environment by default."""

from __future__ import annotations

import os

import dagster as dg

from dagster_project.settings import (
    DEFAULT_RAW_DIR,
    DEFAULT_REPORTS_DIR,
    DEFAULT_WAREHOUSE,
    Settings,
)


class PipelinePaths(dg.ConfigurableResource):
    """Input folder, published warehouse and reports folder (ICT_* variables)."""

    raw_dir: str = DEFAULT_RAW_DIR
    warehouse: str = DEFAULT_WAREHOUSE
    reports_dir: str = DEFAULT_REPORTS_DIR

    @classmethod
    def from_env(cls) -> PipelinePaths:
        settings = Settings.from_env()
        return cls(
            raw_dir=str(settings.raw_dir),
            warehouse=str(settings.warehouse),
            reports_dir=str(settings.reports_dir),
        )

    @property
    def settings(self) -> Settings:
        return Settings.from_paths(self.raw_dir, self.warehouse, self.reports_dir)


def export_build_db(settings: Settings) -> None:
    """dbt's profiles.yml reads ICT_BUILD_DB: point it at this run's build file."""
    os.environ["ICT_BUILD_DB"] = str(settings.build_db)
