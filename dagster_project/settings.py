"""Where the pipeline reads and writes, from the environment (see README, "Settings").

Relative paths are resolved against the working directory once, here, so that dbt
(which runs inside `dbt/`) and Dagster agree on the same absolute files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_RAW_DIR = "raw"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_REPORTS_DIR = "reports"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    reports_dir: Path

    @classmethod
    def from_env(cls) -> Settings:
        return cls.from_paths(
            raw_dir=os.environ.get("ICT_RAW_DIR") or DEFAULT_RAW_DIR,
            warehouse=os.environ.get("ICT_WAREHOUSE") or DEFAULT_WAREHOUSE,
            reports_dir=os.environ.get("ICT_REPORTS_DIR") or DEFAULT_REPORTS_DIR,
        )

    @classmethod
    def from_paths(cls, raw_dir: str | Path, warehouse: str | Path, reports_dir: str | Path):
        return cls(
            raw_dir=Path(raw_dir).resolve(),
            warehouse=Path(warehouse).resolve(),
            reports_dir=Path(reports_dir).resolve(),
        )

    @property
    def build_db(self) -> Path:
        """The working file every run writes; published to `warehouse` once audited."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.building{self.warehouse.suffix}")
