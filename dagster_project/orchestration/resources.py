"""Dagster resources: the paths of one run and the checks' limits, from `Settings`."""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from dagster_project.catalog import thresholds
from dagster_project.common.settings import (
    DEFAULT_RAW_DIR,
    DEFAULT_REPORTS_DIR,
    DEFAULT_WAREHOUSE,
    Settings,
    export_to_dbt,
)
from dagster_project.orchestration.run_workers import record_worker
from dagster_project.publish.build_file import set_aside_if_unreadable
from dagster_project.publish.locking import exclusive_lock


class PipelinePaths(dg.ConfigurableResource):
    """Input folder, published warehouse and reports folder (ICT_* variables)."""

    raw_dir: str = DEFAULT_RAW_DIR
    warehouse: str = DEFAULT_WAREHOUSE
    reports_dir: str = DEFAULT_REPORTS_DIR

    @classmethod
    def from_settings(cls, settings: Settings) -> "PipelinePaths":
        return cls(
            raw_dir=str(settings.raw_dir),
            warehouse=str(settings.warehouse),
            reports_dir=str(settings.reports_dir),
        )

    @property
    def settings(self) -> Settings:
        return Settings.from_paths(self.raw_dir, self.warehouse, self.reports_dir)


class WarehouseWriter(dg.ConfigurableResource):
    """Holds the warehouse's write lock for the whole run of any step that writes it."""

    paths: PipelinePaths
    wait_seconds: int = 3600

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseWriter"]:
        settings = self.paths.settings
        if context.instance is not None and context.dagster_run is not None:
            # So that a run whose process is killed can be told from one still working.
            record_worker(context.instance, context.dagster_run.run_id)
        lock = settings.warehouse.with_name(f"{settings.warehouse.name}.lock")
        with exclusive_lock(lock, self.wait_seconds, log=context.log.info):
            set_aside_if_unreadable(settings.build_db, log=context.log.warning)
            yield self


class QualityThresholds(dg.ConfigurableResource):
    """Limits of the asset checks, overridable per deployment; what each means and its
    default: catalog/thresholds.py."""

    max_pct_of_plan: float = thresholds.MAX_PCT_OF_PLAN
    parent_tolerance_pct: float = thresholds.PARENT_TOLERANCE_PCT
    min_completeness_pct: float = thresholds.MIN_COMPLETENESS_PCT
    max_drop_pct: float = thresholds.MAX_DROP_PCT
    # Publish what would be lost anyway: a deliberate removal, for one run.
    accept_losses: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> "QualityThresholds":
        return cls(accept_losses=settings.accept_losses)

    def dbt_args(self) -> list[str]:
        """`--vars` for the limits dbt's tests use, where they differ from
        dbt_project.yml's; none when all are the defaults (a change of vars makes dbt
        parse the whole project again)."""
        overrides = {
            name: getattr(self, name)
            for name in thresholds.DBT_LIMITS
            if getattr(self, name) != thresholds.dbt_var(name)
        }
        return ["--vars", json.dumps(overrides)] if overrides else []


def export_build_db(settings: Settings) -> None:
    """dbt's profiles.yml reads ICT_BUILD_DB: point it at this run's build file."""
    export_to_dbt(settings)
