"""The long-lived processes of service mode, started detached and ended by their PID.

A PID file holds the PID and the process's start time since boot, so that stopping
never signals a process that merely inherited a recycled PID.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from dagster_project.run_workers import _start_ticks

STOP_WAIT_SECONDS = 60  # a guard: the daemon and webserver end in a few seconds


def start_detached(
    name: str, args: list[str], run_dir: Path, env: dict[str, str], cwd: Path
) -> int:
    """Start `args` in a session of its own, output to `<run_dir>/<name>.log`; return PID."""
    run_dir.mkdir(parents=True, exist_ok=True)
    with open(run_dir / f"{name}.log", "ab") as log:
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not ended by the shell `make service` ran in
        )
    record_pid(run_dir / f"{name}.pid", process.pid)
    return process.pid


def record_pid(pid_file: Path, pid: int) -> None:
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{pid} {_start_ticks(pid)}\n")


def recorded_pid(pid_file: Path) -> int | None:
    """The PID in `pid_file` if that very process still runs, else None."""
    if not pid_file.exists():
        return None
    pid, ticks = pid_file.read_text().split()
    alive = _start_ticks(int(pid)) == ticks and is_running(int(pid))
    return int(pid) if alive else None


def stop(pid_file: Path, sig: signal.Signals = signal.SIGTERM) -> int | None:
    """Signal the process of `pid_file`, wait until it is gone, drop the file; its PID."""
    pid = recorded_pid(pid_file)
    if pid is not None:
        os.kill(pid, sig)
        wait_gone(pid)
    pid_file.unlink(missing_ok=True)
    return pid


def wait_gone(pid: int, timeout: float = STOP_WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while is_running(pid):
        if time.monotonic() > deadline:
            raise TimeoutError(f"process {pid} still running {timeout:.0f} s after a signal")
        time.sleep(0.1)


def is_running(pid: int) -> bool:
    """Whether `pid` exists and has not ended.

    An ended process stays a zombie until its parent reaps it: a child of ours, or a
    daemonized server whose new parent (PID 1 of a container, say) never does.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"
