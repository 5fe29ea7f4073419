"""A new build file's dbt starts from `make setup`'s parse state, and dbt still checks it.

`ict-dbt` hands dbt the build file by its name from its folder, and the pipeline copies
`make setup`'s partial-parse state into a new build file's target folder
(`seeded_with_parse_state`), so a run at a new path does not parse the whole project.
These run the real `ict-dbt parse` and read dbt's own log of what it parsed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from dagster_project.orchestration.assets.transform import (
    DBT_PROJECT_DIR,
    PARSE_STATE,
    PARSE_STATE_NAME,
    seeded_with_parse_state,
)

ICT_DBT = Path(sys.executable).with_name("ict-dbt")


def parse(project: Path, build_db: Path, target: Path) -> str:
    """`ict-dbt parse` as dagster-dbt starts it; dbt's debug log of that parse."""
    build_db.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DBT_PROJECT_DIR": str(project),
        "DBT_PROFILES_DIR": str(project),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target),
        "ICT_BUILD_DB": str(build_db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    done = subprocess.run(
        [str(ICT_DBT), "parse", "--quiet"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return (target / "dbt.log").read_text()


def files_reparsed(log: str) -> tuple[int, int, int] | None:
    """(deleted, added, changed) of a partial parse; None if dbt parsed everything."""
    found = re.search(
        r"Partial parsing enabled: (\d+) files deleted, (\d+) files added, "
        r"(\d+) files changed",
        log,
    )
    return tuple(int(n) for n in found.groups()) if found else None


def copy_of_project(tmp_path: Path) -> Path:
    project = tmp_path / "dbt"
    shutil.copytree(
        DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "*.duckdb*")
    )
    return project


def test_a_new_build_file_starts_from_the_setup_parse_state(tmp_path):
    assert PARSE_STATE.exists(), "make setup leaves dbt's parse state in dbt/target"
    target = seeded_with_parse_state(tmp_path / "target")
    assert (target / PARSE_STATE_NAME).read_bytes() == PARSE_STATE.read_bytes()

    log = parse(DBT_PROJECT_DIR, tmp_path / "a" / "data" / "warehouse.building.duckdb", target)

    assert "Unable to do partial parsing" not in log
    assert files_reparsed(log) == (0, 0, 0)


def test_a_changed_model_is_parsed_again(tmp_path):
    project = copy_of_project(tmp_path)
    sql = sorted((project / "models" / "marts").glob("*.sql"))[0]
    sql.write_text(sql.read_text() + "\n-- changed after make setup's parse\n")
    target = seeded_with_parse_state(tmp_path / "target")

    log = parse(project, tmp_path / "data" / "warehouse.building.duckdb", target)

    assert files_reparsed(log) == (0, 0, 1)
    manifest = json.loads((target / "manifest.json").read_text())
    node = manifest["nodes"][f"model.ict_reporting.{sql.stem}"]
    assert "-- changed after make setup's parse" in node["raw_code"]
    setup_manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    assert len(manifest["nodes"]) == len(setup_manifest["nodes"])


def test_a_build_file_of_another_name_is_parsed_whole(tmp_path):
    """Another name is another database in dbt's relations: the state must not be used."""
    target = seeded_with_parse_state(tmp_path / "target")

    log = parse(DBT_PROJECT_DIR, tmp_path / "data" / "other.building.duckdb", target)

    assert "Unable to do partial parsing because profile has changed" in log
    assert files_reparsed(log) is None
    manifest = json.loads((target / "manifest.json").read_text())
    databases = {n["database"] for n in manifest["nodes"].values() if "database" in n}
    assert databases == {"other"}
