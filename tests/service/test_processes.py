"""Stopping a service process ends its whole session: children that outlive it and
ignore SIGTERM (as Dagster's code servers do while a run is in them) included."""

from __future__ import annotations

import sys
import time

import pytest

from dagster_project.service import processes

# The parent starts a child that ignores SIGTERM, writes its PID, and both sleep.
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(600)
"""


def wait_for_file(path, guard_seconds=60):
    deadline = time.monotonic() + guard_seconds
    while not path.exists() or not path.read_text():
        if time.monotonic() > deadline:
            pytest.fail(f"{path} not written within {guard_seconds} s")
        time.sleep(0.05)
    return path.read_text()


def test_stop_ends_the_process_and_what_it_left_in_its_session(tmp_path):
    child_pid_file = tmp_path / "child.pid"
    pid = processes.start_detached(
        "parent", [sys.executable, "-c", PARENT, str(child_pid_file)], tmp_path,
        env={}, cwd=tmp_path,
    )
    child = int(wait_for_file(child_pid_file))
    assert sorted(processes.session_members(pid)) == sorted([pid, child])

    assert processes.stop(tmp_path / "parent.pid") == pid
    assert not processes.is_running(pid)
    assert not processes.is_running(child)
    assert processes.session_members(pid) == []
    assert not (tmp_path / "parent.pid").exists()
    assert processes.stop(tmp_path / "parent.pid") is None  # nothing left to stop
