"""The PostgreSQL that service mode and its tests start: a real server, not root, ended
by its PID."""

from __future__ import annotations

import os
import pwd
import re
import subprocess
from pathlib import Path

import psycopg2
import pytest

from dagster_project.service import postgres, processes

pytestmark = pytest.mark.slow


def test_the_server_answers_as_its_own_account(postgres_server):
    postgres.create_database(postgres_server, "probe")
    postgres.create_database(postgres_server, "probe")  # a second time: already there
    with psycopg2.connect(postgres_server.url("probe")) as con, con.cursor() as cur:
        cur.execute("select current_database(), current_user, 6 * 7")
        assert cur.fetchone() == ("probe", postgres.SUPERUSER, 42)
    owner = Path(f"/proc/{postgres_server.pid}").stat().st_uid
    assert pwd.getpwuid(owner).pw_name == postgres.OS_USER
    assert postgres.server_pid(postgres_server.data_dir) == postgres_server.pid


def test_stop_ends_that_server_and_start_reuses_its_folder(tmp_path_factory):
    from tests.service.conftest import let_server_account_through

    folder = tmp_path_factory.mktemp("postgres_restart")
    let_server_account_through(folder)
    port = postgres.free_port()
    first = postgres.start(folder / "data", port)
    postgres.create_database(first, "kept")
    postgres.stop(first.pid)
    assert not processes.is_running(first.pid)
    assert not (folder / "data" / "postmaster.pid").exists()  # a clean shutdown

    second = postgres.start(folder / "data", port)
    try:
        assert second.pid != first.pid
        listed = subprocess.run(
            [str(postgres.bin_dir() / "psql"), second.url("postgres"), "-tAc",
             "select datname from pg_database where datname = 'kept'"],
            capture_output=True, text=True, check=True,
        ).stdout.split()
        assert listed == ["kept"]
    finally:
        postgres.stop(second.pid)


def test_a_folder_closed_to_the_server_account_is_named(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("only under root is the server handed to another account")
    closed = tmp_path_factory.mktemp("closed")
    closed.chmod(0o700)
    with pytest.raises(PermissionError, match=re.escape(f"{closed} is closed to the account")):
        postgres.initialize(closed / "data")
    assert not (closed / "data").exists()
