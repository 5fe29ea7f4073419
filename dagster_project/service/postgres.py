"""A PostgreSQL server of our own: Debian's binaries, our data folder, our port.

Service mode keeps Dagster's instance (and the shared warehouse's catalogue) in
PostgreSQL. Nothing assumes a server is already there: `make service` and the tests
start one with `start` on a folder of their own and end it with `stop`, by the PID the
server wrote in its `postmaster.pid`. PostgreSQL refuses to run as root, so under root
every server command runs as a dedicated unprivileged account (`OS_USER`), created on
first use; the data folder belongs to it.

The server listens on 127.0.0.1 only and trusts local connections: a server for one
machine's services and tests. A deployment across hosts puts scram-sha-256 in
`pg_hba.conf` (see docs/DESIGN.md, "Service mode").
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dagster_project.common.settings import DEFAULT_PG_USER
from dagster_project.service.processes import wait_gone

OS_USER = "ictpg"
SUPERUSER = DEFAULT_PG_USER
DEBIAN_BIN_ROOT = Path("/usr/lib/postgresql")


class PostgresNotInstalled(RuntimeError):
    pass


@dataclass(frozen=True)
class Server:
    data_dir: Path
    port: int
    pid: int
    host: str = "127.0.0.1"
    user: str = SUPERUSER

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def bin_dir() -> Path:
    """The newest Debian PostgreSQL's bin folder (`/usr/lib/postgresql/<major>/bin`)."""
    majors = sorted(
        (p for p in DEBIAN_BIN_ROOT.glob("*/bin") if (p / "pg_ctl").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not majors:
        raise PostgresNotInstalled(
            f"no PostgreSQL under {DEBIAN_BIN_ROOT}: apt-get install postgresql (as root)"
        )
    return majors[-1]


def free_port() -> int:
    """A TCP port nobody listens on now (for tests, which must not clash)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _account() -> pwd.struct_passwd | None:
    """The account server commands run as: ours when we are root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER],
            check=True,
        )
        return pwd.getpwnam(OS_USER)


def _run_as_server_user(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    account = _account()
    if account is not None:
        kwargs.update(user=account.pw_uid, group=account.pw_gid, extra_groups=[])
        # The account has no home; PostgreSQL's tools read nothing from there.
        kwargs.setdefault("cwd", "/")
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def _give_to_server_user(folder: Path) -> None:
    account = _account()
    if account is not None:
        _check_reachable(folder.parent, account)
    folder.mkdir(parents=True, exist_ok=True)
    if account is not None:
        shutil.chown(folder, account.pw_uid, account.pw_gid)
    folder.chmod(0o700)  # initdb and the server refuse a data folder others can read


def _check_reachable(folder: Path, account: pwd.struct_passwd) -> None:
    """Fail clearly if the server's account cannot reach `folder` (initdb would say less)."""
    # Folders still to be made are made by us with the usual umask: open to search.
    for parent in [p for p in [folder, *folder.parents] if p.exists()]:
        if parent.stat().st_uid != account.pw_uid and not parent.stat().st_mode & 0o001:
            raise PermissionError(
                f"{parent} is closed to the account {account.pw_name} that runs PostgreSQL: "
                f"put the data folder elsewhere (ICT_SERVICE_DIR) or `chmod o+x {parent}`"
            )


def initialize(data_dir: Path) -> None:
    """Create the cluster in `data_dir` unless one is there already."""
    if (data_dir / "PG_VERSION").exists():
        return
    _give_to_server_user(data_dir)
    _run_as_server_user(
        [
            str(bin_dir() / "initdb"),
            "-D", str(data_dir),
            "-U", SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
    )


def start(data_dir: Path, port: int) -> Server:
    """Initialize if needed, start the server and wait until it accepts connections."""
    data_dir = data_dir.resolve()
    initialize(data_dir)
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {data_dir}"
        # The unix socket lives in the data folder: /var/run/postgresql is not ours.
    )
    try:
        _run_as_server_user(
            [
                str(bin_dir() / "pg_ctl"),
                "start", "-w", "-t", "120",
                "-D", str(data_dir),
                "-l", str(data_dir / "server.log"),
                "-o", options,
            ]
        )
    except subprocess.CalledProcessError as failed:
        log = data_dir / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {failed.stderr}\n{tail}") from failed
    return Server(data_dir=data_dir, port=port, pid=server_pid(data_dir))


def server_pid(data_dir: Path) -> int:
    """The postmaster's PID, first line of `postmaster.pid` (written by the server)."""
    return int((data_dir / "postmaster.pid").read_text().splitlines()[0])


def create_database(server: Server, name: str) -> None:
    """Create database `name` if it does not exist yet."""
    psql = [str(bin_dir() / "psql"), "-h", server.host, "-p", str(server.port), "-U", server.user]
    exists = _run_as_server_user(
        [*psql, "-d", "postgres", "-tAc", f"select 1 from pg_database where datname = '{name}'"]
    ).stdout.strip()
    if not exists:
        _run_as_server_user(
            [str(bin_dir() / "createdb"), "-h", server.host, "-p", str(server.port),
             "-U", server.user, name]
        )


def stop(pid: int) -> None:
    """Fast shutdown of the postmaster `pid` (SIGINT), waiting until the process is gone.

    Only that PID is signalled; the server ends its own children. A PID that no longer
    exists means the server is already down.
    """
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return
    wait_gone(pid)
