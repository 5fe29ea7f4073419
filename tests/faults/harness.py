"""Running `make run`'s command on a temporary folder, stopping it at a named point
(`dagster_project/common/fault_points.py`), killing it, and comparing warehouses by content."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from dagster_project.common.fault_points import HOLD_AT_ENV, HOLD_FILE_ENV
from dagster_project.common.settings import Settings
from dagster_project.publish.warehouse import connect

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "dagster_project.cli", "run"]
# Guards against a hang, never a condition of passing: a held run waits forever.
HANG_GUARD_SECONDS = 900


@dataclass(frozen=True)
class Pipeline:
    """One deployment: its settings and its own DAGSTER_HOME."""

    settings: Settings
    dagster_home: Path

    def env(self, **extra: str) -> dict[str, str]:
        self.dagster_home.mkdir(parents=True, exist_ok=True)
        config = self.dagster_home / "dagster.yaml"
        if not config.exists():
            config.write_text((ROOT / "dagster_home.yaml").read_text())
        return {
            **os.environ,
            "ICT_RAW_DIR": str(self.settings.raw_dir),
            "ICT_WAREHOUSE": str(self.settings.warehouse),
            "ICT_REPORTS_DIR": str(self.settings.reports_dir),
            "DAGSTER_HOME": str(self.dagster_home),
            **extra,
        }

    def run(self, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            COMMAND,
            cwd=ROOT,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=HANG_GUARD_SECONDS,
            check=False,
        )

    def start_and_hold(self, point: str, marker: Path) -> tuple[subprocess.Popen, int]:
        """Start a run in its own process group; return it and the pid held at `point`."""
        marker.unlink(missing_ok=True)
        process = subprocess.Popen(
            COMMAND,
            cwd=ROOT,
            env=self.env(**{HOLD_AT_ENV: point, HOLD_FILE_ENV: str(marker)}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + HANG_GUARD_SECONDS
        while not marker.exists():
            if process.poll() is not None:
                raise AssertionError(f"the run ended (rc {process.returncode}) before {point}")
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"the run never reached {point}")
            time.sleep(0.2)
        return process, int(marker.read_text())


def kill_process(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def kill_process_tree(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def is_gone(pid: int) -> bool:
    """No such process, or only a zombie left for its new parent to reap."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def wait_until_gone(pid: int) -> None:
    """Return once `pid` is gone. No deadline of its own (a loaded machine may take long
    to end a process): one that never ends fails on pytest's timeout, in this call."""
    while not is_gone(pid):
        time.sleep(0.1)


def content_digest(warehouse: Path) -> dict[str, str]:
    """SHA-256 of every table of `marts` and `quality`, rows in a fixed order."""
    digests = {}
    with connect(warehouse, read_only=True) as con:
        tables = con.execute(
            """
            select schema_name, table_name from duckdb_tables()
            where schema_name in ('marts', 'quality') order by all
            """
        ).fetchall()
        for schema, table in tables:
            rows = con.execute(f'select * from "{schema}"."{table}" order by all').fetchall()
            digests[f"{schema}.{table}"] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
