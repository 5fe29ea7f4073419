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

# Ignores SIGTERM, says so in a file, and sleeps.
STUBBORN = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(sys.argv[1], "w").write("ignoring SIGTERM")
time.sleep(600)
"""


def wait_for_file(path, pid):
    """`path`'s text once process `pid` has written it. No deadline: a loaded machine may
    take long to start Python, and pytest's timeout is the guard against a hang."""
    while not path.exists() or not path.read_text():
        if not processes.is_running(pid):
            pytest.fail(f"process {pid} ended without writing {path}")
        time.sleep(0.05)
    return path.read_text()


def test_stop_ends_the_process_and_what_it_left_in_its_session(tmp_path):
    child_pid_file = tmp_path / "child.pid"
    pid = processes.start_detached(
        "parent", [sys.executable, "-c", PARENT, str(child_pid_file)], tmp_path,
        env={}, cwd=tmp_path,
    )
    child = int(wait_for_file(child_pid_file, pid))
    assert sorted(processes.session_members(pid)) == sorted([pid, child])

    assert processes.stop(tmp_path / "parent.pid") == pid
    assert not processes.is_running(pid)
    assert not processes.is_running(child)
    assert processes.session_members(pid) == []
    assert not (tmp_path / "parent.pid").exists()
    assert processes.stop(tmp_path / "parent.pid") is None  # nothing left to stop


def test_stop_kills_a_process_that_ignores_its_signal_after_the_grace(tmp_path):
    """A stop ends in the process gone, however long it would take to heed SIGTERM."""
    ready = tmp_path / "ready"
    pid = processes.start_detached(
        "stubborn", [sys.executable, "-c", STUBBORN, str(ready)], tmp_path,
        env={}, cwd=tmp_path,
    )
    wait_for_file(ready, pid)  # SIGTERM is ignored from here on

    assert processes.stop(tmp_path / "stubborn.pid", grace=0) == pid
    assert not processes.is_running(pid)
    assert not (tmp_path / "stubborn.pid").exists()
