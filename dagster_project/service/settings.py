"""Service mode's settings, from the environment (README, "Service mode").

Kept apart from `dagster_project/settings.py` (the paths both modes share) until the two
are folded together; every variable is read here and nowhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dagster_project.service import postgres

MODE_VARIABLE = "ICT_MODE"
SERVICE = "service"
EMBEDDED = "embedded"

DEFAULT_SERVICE_DIR = ".service"
DEFAULT_PG_PORT = 55432
DEFAULT_WEB_PORT = 3000


def mode() -> str:
    """`embedded` (the default) or `service`."""
    chosen = os.environ.get(MODE_VARIABLE) or EMBEDDED
    if chosen not in (EMBEDDED, SERVICE):
        raise ValueError(f"{MODE_VARIABLE}={chosen!r}: expected {EMBEDDED!r} or {SERVICE!r}")
    return chosen


@dataclass(frozen=True)
class ServiceSettings:
    service_dir: Path  # PostgreSQL's data, the processes' PIDs and logs, DAGSTER_HOME
    pg_host: str
    pg_port: int
    pg_user: str
    dagster_db: str
    web_port: int

    @classmethod
    def from_env(cls) -> ServiceSettings:
        env = os.environ
        return cls(
            service_dir=Path(env.get("ICT_SERVICE_DIR") or DEFAULT_SERVICE_DIR).resolve(),
            pg_host=env.get("ICT_PG_HOST") or "127.0.0.1",
            pg_port=int(env.get("ICT_PG_PORT") or DEFAULT_PG_PORT),
            pg_user=env.get("ICT_PG_USER") or postgres.SUPERUSER,
            dagster_db=env.get("ICT_PG_DAGSTER_DB") or "dagster",
            web_port=int(env.get("ICT_WEB_PORT") or DEFAULT_WEB_PORT),
        )

    @property
    def pg_data_dir(self) -> Path:
        return self.service_dir / "postgres"

    @property
    def run_dir(self) -> Path:
        """PID files and logs of the processes `make service` started."""
        return self.service_dir / "run"

    @property
    def dagster_home(self) -> Path:
        return self.service_dir / "dagster_home"

    def environment(self) -> dict[str, str]:
        """The variables the instance config (dagster_service.yaml) and the processes read."""
        return {
            MODE_VARIABLE: SERVICE,
            "DAGSTER_HOME": str(self.dagster_home),
            "ICT_PG_HOST": self.pg_host,
            "ICT_PG_PORT": str(self.pg_port),
            "ICT_PG_USER": self.pg_user,
            "ICT_PG_DAGSTER_DB": self.dagster_db,
        }
