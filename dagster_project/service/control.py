"""`make service` / `make service-stop`: PostgreSQL, then the Dagster daemon and webserver.

    python -m dagster_project.service.control start|stop

Each is a separate process with its PID file in `<ICT_SERVICE_DIR>/run`; `stop` ends
exactly those, by PID, the webserver and daemon first and PostgreSQL last (the daemon
writes to it until it ends).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
from pathlib import Path

from dagster_project.common.settings import ServiceSettings
from dagster_project.service import postgres, processes

ROOT = Path(__file__).resolve().parents[2]
INSTANCE_TEMPLATE = ROOT / "dagster_service.yaml"
WORKSPACE = ROOT / "workspace.yaml"
POSTGRES_PID = "postgres.pid"
DAGSTER_PROCESSES = ("webserver", "daemon")  # stopped in this order


def write_instance_config(dagster_home: Path) -> Path:
    """$DAGSTER_HOME/dagster.yaml from the service template; its path."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    shutil.copyfile(INSTANCE_TEMPLATE, config)
    return config


def start_postgres(settings: ServiceSettings) -> postgres.Server:
    """Start the server (unless our recorded one still runs) and create Dagster's database."""
    pid_file = settings.run_dir / POSTGRES_PID
    pid = processes.recorded_pid(pid_file)
    if pid is None:
        server = postgres.start(settings.pg_data_dir, settings.pg_port)
        processes.record_pid(pid_file, server.pid)
    else:
        server = postgres.Server(settings.pg_data_dir, settings.pg_port, pid)
    postgres.create_database(server, settings.dagster_db)
    return server


def process_environment(settings: ServiceSettings) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    env = settings.process_environment()
    env["PATH"] = f"{bin_dir}:{env.get('PATH', '')}"  # `dbt` by name, as `make dev` does
    return env


def dagster_commands(settings: ServiceSettings) -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    workspace = ["-w", str(WORKSPACE)]
    return {
        "daemon": [str(bin_dir / "dagster-daemon"), "run", *workspace],
        "webserver": [
            str(bin_dir / "dagster-webserver"), *workspace,
            "-h", "127.0.0.1", "-p", str(settings.web_port),
        ],
    }


def start(settings: ServiceSettings) -> dict[str, int]:
    """Start whatever of the three is not running yet; the PIDs of all three."""
    server = start_postgres(settings)
    write_instance_config(settings.dagster_home)
    env = process_environment(settings)
    pids = {"postgres": server.pid}
    for name, args in dagster_commands(settings).items():
        pid = processes.recorded_pid(settings.run_dir / f"{name}.pid")
        if pid is None:
            pid = processes.start_detached(name, args, settings.run_dir, env, cwd=ROOT)
        pids[name] = pid
    return pids


def stop(settings: ServiceSettings) -> dict[str, int | None]:
    """End the processes `start` recorded, by PID; what each PID was (None: not running)."""
    ended = {name: processes.stop(settings.run_dir / f"{name}.pid") for name in DAGSTER_PROCESSES}
    ended["postgres"] = processes.stop(settings.run_dir / POSTGRES_PID, sig=signal.SIGINT)
    return ended


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    action = parser.parse_args().action
    settings = ServiceSettings.from_env()
    if action == "start":
        pids = start(settings)
        print(", ".join(f"{name} pid {pid}" for name, pid in pids.items()))
        print(f"Dagster UI: http://127.0.0.1:{settings.web_port} (logs in {settings.run_dir})")
    else:
        for name, pid in stop(settings).items():
            print(f"{name}: {'ended pid ' + str(pid) if pid else 'was not running'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
