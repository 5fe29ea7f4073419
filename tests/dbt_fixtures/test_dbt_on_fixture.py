"""The dbt project alone: build it (models, data tests, unit tests) on the hand-made
`raw` fixture and check the marts against the numbers worked out by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.dbt_fixtures import check_marts, make_raw_fixture

ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"


def test_dbt_build_on_fixture_gives_the_hand_worked_marts(tmp_path):
    db = tmp_path / "fixture.building.duckdb"
    make_raw_fixture.write(db)
    env = {
        **os.environ,
        "ICT_BUILD_DB": str(db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    # Own target and log folders: never touch the manifest Dagster reads in dbt/target.
    result = subprocess.run(
        [
            str(DBT),
            "build",
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=ROOT / "dbt",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    check_marts.check(db)
