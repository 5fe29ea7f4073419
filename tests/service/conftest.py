"""A real PostgreSQL for the service-mode tests: Debian's binaries, a folder of the
session's own, a free port; started once per session and ended by its PID."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dagster_project.service import postgres


def let_server_account_through(folder: Path) -> None:
    """Let the server's account reach `folder` (pytest's base folder is 0700 for root).

    Only the search bit for others is added, on `folder` and each parent lacking it;
    nothing becomes listable or readable.
    """
    for parent in [folder, *folder.parents]:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    try:
        postgres.bin_dir()
    except postgres.PostgresNotInstalled as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (`make postgres` installs it)")
        pytest.skip(f"{missing} (`make postgres` installs it)")
    folder = tmp_path_factory.mktemp("postgres")
    let_server_account_through(folder)
    server = postgres.start(folder / "data", postgres.free_port())
    try:
        yield server
    finally:
        postgres.stop(server.pid)
