"""The long-lived processes of service mode, started detached and ended by their PID.

A PID file holds the PID and the process's start time since boot, so that stopping
never signals a process that merely inherited a recycled PID. Each process leads a
session of its own, and stopping it also ends what is left in that session: the daemon
and the webserver start code servers (`dagster api grpc`), and those start run workers,
which outlive their parent (measured: code servers still running 40 minutes after the
daemon had ended, ignoring SIGTERM while a run was in them).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from dagster_project.orchestration.run_workers import _start_ticks

# How long a process gets to end on its signal before SIGKILL: the daemon and the
# webserver end in a few seconds; a loaded machine can take far longer, which must
# neither fail a stop nor leave the process running.
STOP_GRACE_SECONDS = 60
LEFTOVER_WAIT_SECONDS = 10  # how long what is left in a session gets to end on SIGTERM


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


def stop(
    pid_file: Path, sig: signal.Signals = signal.SIGTERM, grace: float = STOP_GRACE_SECONDS
) -> int | None:
    """Signal the process of `pid_file`, wait until it is gone, drop the file; its PID.

    A process still there after `grace` seconds gets SIGKILL, and the wait goes on
    until it is gone (the real event, not a deadline).
    """
    pid = recorded_pid(pid_file)
    if pid is not None:
        ticks = _start_ticks(pid)
        os.kill(pid, sig)
        if not wait_gone(pid, grace) and _start_ticks(pid) == ticks:
            _signal(pid, signal.SIGKILL)
            wait_gone(pid)
        end_session(pid)
    pid_file.unlink(missing_ok=True)
    return pid


def session_members(session_id: int) -> list[int]:
    """The running processes of session `session_id` (field 6 of /proc/<pid>/stat)."""
    members = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = stat_file.read_text()
        except OSError:
            continue  # ended while we looked
        state, _ppid, _pgrp, session = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(session) == session_id and state != "Z":
            members.append(int(stat_file.parent.name))
    return members


def end_session(session_id: int) -> list[int]:
    """End what is left of a session we started: SIGTERM, then SIGKILL; their PIDs.

    Each PID is signalled only while it is still the process found (same start time).
    """
    left = {pid: _start_ticks(pid) for pid in session_members(session_id)}

    def still_there(pid: int) -> bool:
        return is_running(pid) and _start_ticks(pid) == left[pid]

    for pid in left:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + LEFTOVER_WAIT_SECONDS
    while any(map(still_there, left)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in filter(still_there, left):
        _signal(pid, signal.SIGKILL)
        wait_gone(pid)
    return list(left)


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # ended meanwhile
        os.kill(pid, sig)


def wait_gone(pid: int, timeout: float | None = None) -> bool:
    """Whether `pid` is gone: polled until it is, or for at most `timeout` seconds."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while is_running(pid):
        if deadline is not None and time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


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
