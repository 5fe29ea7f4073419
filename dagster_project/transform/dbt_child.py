"""`ict-dbt`: dbt, as a child that dies with the pipeline process that started it.

dagster-dbt runs dbt as a subprocess. When the pipeline is killed (kill -9, an OOM
kill), an ordinary child lives on, still writing the build file, outside the writer lock
the dead parent held, so the next run finds the file busy. This launcher asks the kernel
to kill it when its parent dies (PR_SET_PDEATHSIG, kept across exec) and then becomes
dbt itself (exec), so there is no extra process and dbt's output is untouched.

It also hands dbt the build file by its name, from the build file's folder: dbt hashes
its profile's values, the build file's path among them, into its partial-parse state, so
a build file at a new path (every test's tmp_path, every new deployment) would make it
parse the whole project again. By name, every `warehouse.building.duckdb` has the same
profile and can start from the parse state `make setup` left (docs/DESIGN.md,
"Performance").
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

from dagster_project.common.fault_points import hold_at
from dagster_project.common.settings import hand_build_file_to_dbt_by_name

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _open_build_file_by_name() -> None:
    """dbt in the build file's folder, told only its name (dagster-dbt gives dbt its
    project, profiles and target folders as absolute paths, so nothing else moves)."""
    folder = hand_build_file_to_dbt_by_name()
    if folder is not None:
        os.chdir(folder)


def main() -> None:
    _die_with_parent()
    _open_build_file_by_name()
    hold_at("dbt")
    dbt = Path(sys.executable).with_name("dbt")
    os.execv(dbt, [str(dbt), *sys.argv[1:]])


if __name__ == "__main__":
    main()
