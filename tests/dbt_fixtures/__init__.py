"""dbt alone on the hand-made `raw` fixture (make_raw_fixture), for this folder's tests.

dbt runs as the pipeline runs it: `ict-dbt` handed the build file by its name, in a target
folder seeded with `make setup`'s parse state, so a test's dbt parses only what changed
instead of the whole project (docs/DESIGN.md, "Performance"). Its own target and log
folders: never the manifest Dagster reads in dbt/target.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from dagster_project.orchestration.assets.transform import (
    DBT_PROJECT_DIR,
    seeded_with_parse_state,
)
from tests.dbt_fixtures import make_raw_fixture

ICT_DBT = Path(sys.executable).with_name("ict-dbt")
BUILD_FILE = "warehouse.building.duckdb"  # the name the parse state was made with

Dbt = Callable[..., subprocess.CompletedProcess]


def dbt_on_fixture(folder: Path) -> tuple[Path, Dbt]:
    """The fixture written to a build file in `folder`, and dbt on it: `dbt("run", …)`
    returns the finished process (output captured, exit code not checked)."""
    db = folder / BUILD_FILE
    make_raw_fixture.write(db)
    target = seeded_with_parse_state(folder / "target")
    env = {**os.environ, "ICT_BUILD_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    dirs = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    paths = ["--target-path", str(target), "--log-path", str(folder / "logs")]

    def dbt(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(ICT_DBT), *args, *dirs, *paths], cwd=DBT_PROJECT_DIR, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip

    return db, dbt
