"""The settings of a deployment, from the environment (see README, "Settings").

The only module that reads `os.environ`: everything else is handed a `Settings` (Dagster
resources through `PipelinePaths`, dbt through `dbt_environment`). `Settings.from_env`
checks every value at start: a bad cron, time zone, number or path is a `SettingsError`
naming the variable, before anything runs.

Relative paths are resolved against the working directory once, here, so that dbt
(which runs inside `dbt/`) and Dagster agree on the same absolute files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RAW_DIR_ENV = "ICT_RAW_DIR"
WAREHOUSE_ENV = "ICT_WAREHOUSE"
REPORTS_DIR_ENV = "ICT_REPORTS_DIR"
HALFYEAR_CRON_ENV = "ICT_HALFYEAR_CRON"
MONTHLY_CRON_ENV = "ICT_MONTHLY_CRON"
TIMEZONE_ENV = "ICT_TIMEZONE"
MAX_FILE_BYTES_ENV = "ICT_MAX_FILE_BYTES"
ACCEPT_LOSSES_ENV = "ICT_ACCEPT_LOSSES"
FAILURE_WEBHOOK_ENV = "ICT_FAILURE_WEBHOOK_URL"
# What dbt's profiles.yml reads (env_var): the build file of this run.
BUILD_DB_ENV = "ICT_BUILD_DB"

DEFAULT_RAW_DIR = "raw"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_REPORTS_DIR = "reports"
DEFAULT_HALFYEAR_CRON = "0 6 15 1,7 *"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024
_YES = ("1", "true", "yes")


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    reports_dir: Path
    halfyear_cron: str = DEFAULT_HALFYEAR_CRON
    # None: two days after the reporting calendar's earliest deadline (schedules.py).
    monthly_cron: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Publish what would be lost anyway: a deliberate removal, for one run.
    accept_losses: bool = False
    failure_webhook_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls.from_paths(
            raw_dir=_text(env, RAW_DIR_ENV) or DEFAULT_RAW_DIR,
            warehouse=_text(env, WAREHOUSE_ENV) or DEFAULT_WAREHOUSE,
            reports_dir=_text(env, REPORTS_DIR_ENV) or DEFAULT_REPORTS_DIR,
            halfyear_cron=_text(env, HALFYEAR_CRON_ENV) or DEFAULT_HALFYEAR_CRON,
            monthly_cron=_text(env, MONTHLY_CRON_ENV),
            timezone=_text(env, TIMEZONE_ENV) or DEFAULT_TIMEZONE,
            max_file_bytes=max_file_bytes_from(env),
            accept_losses=(_text(env, ACCEPT_LOSSES_ENV) or "") in _YES,
            failure_webhook_url=failure_webhook_from_env(env),
        )
        settings.validate()
        return settings

    @classmethod
    def from_paths(
        cls, raw_dir: str | Path, warehouse: str | Path, reports_dir: str | Path, **others
    ) -> Settings:
        return cls(
            raw_dir=Path(raw_dir).resolve(),
            warehouse=Path(warehouse).resolve(),
            reports_dir=Path(reports_dir).resolve(),
            **others,
        )

    def validate(self) -> None:
        """Raise `SettingsError` for the first setting that cannot work."""
        _check_cron(HALFYEAR_CRON_ENV, self.halfyear_cron)
        if self.monthly_cron is not None:
            _check_cron(MONTHLY_CRON_ENV, self.monthly_cron)
        _check_timezone(TIMEZONE_ENV, self.timezone)
        _check_not_a_file(RAW_DIR_ENV, self.raw_dir)
        _check_not_a_file(REPORTS_DIR_ENV, self.reports_dir)
        _check_not_a_file(WAREHOUSE_ENV, self.warehouse.parent)
        if self.warehouse.is_dir():
            raise SettingsError(f"{WAREHOUSE_ENV}: {self.warehouse} is a folder, not a file")

    @property
    def build_db(self) -> Path:
        """The working file every run writes; published to `warehouse` once audited."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.building{self.warehouse.suffix}")

    def dbt_environment(self) -> dict[str, str]:
        """What dbt's profiles.yml reads with env_var: the one hand-over to dbt."""
        return {BUILD_DB_ENV: str(self.build_db)}


def export_to_dbt(settings: Settings) -> None:
    """Point dbt (profiles.yml, in this process and the ones it starts) at this run's
    build file."""
    os.environ.update(settings.dbt_environment())


def hand_build_file_to_dbt_by_name() -> Path | None:
    """In `ict-dbt` (transform/dbt_child.py), before it becomes dbt: ICT_BUILD_DB cut to the
    build file's name; the folder dbt must then run in (None: not an absolute path, left).

    dbt hashes its profile's values, the build file's path among them, into its
    partial-parse state; by name, every build file called alike shares one state.
    """
    build_db = os.environ.get(BUILD_DB_ENV)
    if not build_db or not os.path.isabs(build_db):
        return None
    path = Path(build_db)
    os.environ[BUILD_DB_ENV] = path.name
    return path.parent


def failure_webhook_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """Where run failures are also POSTed (`ICT_FAILURE_WEBHOOK_URL`); None: nowhere.
    Read when a failure is written, so that a sensor sees the deployment's current value."""
    return _text(os.environ if environ is None else environ, FAILURE_WEBHOOK_ENV)


DAGSTER_SYNCHRONOUS_ENV = "ICT_DAGSTER_SYNCHRONOUS"
_SQLITE_SYNCHRONOUS = ("off", "normal", "full", "extra")


def dagster_sqlite_synchronous(environ: Mapping[str, str] | None = None) -> str:
    """SQLite's `synchronous` for Dagster's own storage (`orchestration/instance_sqlite.py`):
    `off` unless `ICT_DAGSTER_SYNCHRONOUS` says otherwise."""
    raw = _text(os.environ if environ is None else environ, DAGSTER_SYNCHRONOUS_ENV)
    mode = (raw or "off").lower()
    if mode not in _SQLITE_SYNCHRONOUS:
        raise SettingsError(
            f"{DAGSTER_SYNCHRONOUS_ENV} must be one of {', '.join(_SQLITE_SYNCHRONOUS)}, "
            f"not {raw!r}"
        )
    return mode


def max_file_bytes_from(environ: Mapping[str, str] | None = None) -> int:
    """The size cap of one input file, `ICT_MAX_FILE_BYTES` (bytes), default 100 MB."""
    env = os.environ if environ is None else environ
    raw = _text(env, MAX_FILE_BYTES_ENV)
    if raw is None:
        return DEFAULT_MAX_FILE_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise SettingsError(f"{MAX_FILE_BYTES_ENV} must be a positive number of bytes, not {raw!r}")
    return value


def _text(environ: Mapping[str, str], name: str) -> str | None:
    """The variable's value stripped; None when unset or blank (blank means default)."""
    value = (environ.get(name) or "").strip()
    return value or None


def _check_cron(name: str, cron: str) -> None:
    # Dagster's own test of a cron string: what the schedule would refuse, refused here
    # with the variable's name.
    from dagster._utils.schedules import is_valid_cron_string

    if not is_valid_cron_string(cron):
        raise SettingsError(
            f"{name}: {cron!r} is not a cron schedule (five fields: minute hour day month "
            "weekday, e.g. '0 6 15 1,7 *')"
        )


def _check_timezone(name: str, timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(
            f"{name}: {timezone!r} is not a time zone (an IANA name, e.g. Asia/Ho_Chi_Minh)"
        ) from exc


def _check_not_a_file(name: str, folder: Path) -> None:
    """A folder setting must not name an existing file (it may not exist yet)."""
    if folder.exists() and not folder.is_dir():
        raise SettingsError(f"{name}: {folder} is a file, not a folder")


# --- service mode (README, "Service mode"): PostgreSQL, the daemon, the webserver ---
MODE_VARIABLE = "ICT_MODE"
SERVICE = "service"
EMBEDDED = "embedded"

DEFAULT_SERVICE_DIR = ".service"
DEFAULT_PG_PORT = 55432
DEFAULT_WEB_PORT = 3000
DEFAULT_PG_USER = "ict"  # the superuser initdb creates in our own server


def mode(environ: Mapping[str, str] | None = None) -> str:
    """`embedded` (the default) or `service` (README, "Service mode")."""
    chosen = (os.environ if environ is None else environ).get(MODE_VARIABLE) or EMBEDDED
    if chosen not in (EMBEDDED, SERVICE):
        raise SettingsError(f"{MODE_VARIABLE}={chosen!r}: expected {EMBEDDED!r} or {SERVICE!r}")
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
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        env = os.environ if environ is None else environ
        return cls(
            service_dir=Path(env.get("ICT_SERVICE_DIR") or DEFAULT_SERVICE_DIR).resolve(),
            pg_host=env.get("ICT_PG_HOST") or "127.0.0.1",
            pg_port=int(env.get("ICT_PG_PORT") or DEFAULT_PG_PORT),
            pg_user=env.get("ICT_PG_USER") or DEFAULT_PG_USER,
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

    def process_environment(self) -> dict[str, str]:
        """This process's environment plus `environment()`: what the daemon and the
        webserver are started with."""
        return {**os.environ, **self.environment()}

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
