"""Settings: read once from the environment, checked at start, handed to Dagster and dbt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dagster_project.common.settings import (
    Settings,
    SettingsError,
    dagster_sqlite_synchronous,
    hand_build_file_to_dbt_by_name,
)
from dagster_project.orchestration.resources import QualityThresholds
from dagster_project.orchestration.schedules import build_schedules


def test_defaults_when_nothing_is_set(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.raw_dir == tmp_path / "raw"
    assert settings.warehouse == tmp_path / "data" / "warehouse.duckdb"
    assert settings.build_db == tmp_path / "data" / "warehouse.building.duckdb"
    assert (settings.halfyear_cron, settings.monthly_cron) == ("0 6 15 1,7 *", None)
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.max_file_bytes == 100 * 1024 * 1024
    assert settings.accept_losses is False
    assert settings.dbt_environment() == {"ICT_BUILD_DB": str(settings.build_db)}


def test_dbt_is_handed_the_build_file_by_name_and_its_folder(tmp_path, monkeypatch):
    build_db = tmp_path / "data" / "warehouse.building.duckdb"
    monkeypatch.setenv("ICT_BUILD_DB", str(build_db))
    assert hand_build_file_to_dbt_by_name() == tmp_path / "data"
    assert os.environ["ICT_BUILD_DB"] == "warehouse.building.duckdb"
    assert hand_build_file_to_dbt_by_name() is None  # a name is left as it is
    assert os.environ["ICT_BUILD_DB"] == "warehouse.building.duckdb"


def test_the_same_values_reach_the_schedules_and_the_checks(tmp_path):
    env = {
        "ICT_RAW_DIR": str(tmp_path / "in"),
        "ICT_HALFYEAR_CRON": "30 7 20 1,7 *",
        "ICT_MONTHLY_CRON": "0 8 14 * *",
        "ICT_TIMEZONE": "Europe/Paris",
        "ICT_ACCEPT_LOSSES": "1",
        "ICT_MAX_FILE_BYTES": "2048",
    }
    settings = Settings.from_env(env)
    halfyear, monthly = build_schedules(settings)
    assert (halfyear.cron_schedule, monthly.cron_schedule) == ("30 7 20 1,7 *", "0 8 14 * *")
    assert {halfyear.execution_timezone, monthly.execution_timezone} == {"Europe/Paris"}
    assert QualityThresholds.from_settings(settings).accept_losses is True
    assert settings.max_file_bytes == 2048
    assert settings.raw_dir == Path(tmp_path / "in")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ICT_HALFYEAR_CRON", "every January", "ICT_HALFYEAR_CRON: 'every January' is not a cron"),
        ("ICT_MONTHLY_CRON", "0 6 32 * *", "ICT_MONTHLY_CRON: '0 6 32 \\* \\*' is not a cron"),
        ("ICT_TIMEZONE", "Mars/Olympus", "ICT_TIMEZONE: 'Mars/Olympus' is not a time zone"),
        ("ICT_MAX_FILE_BYTES", "lots", "ICT_MAX_FILE_BYTES must be a positive number of bytes"),
    ],
)
def test_a_bad_setting_stops_the_start_naming_it(name, value, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({name: value})


def test_a_folder_setting_that_is_a_file_is_refused(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    with pytest.raises(SettingsError, match=f"ICT_RAW_DIR: {afile} is a file, not a folder"):
        Settings.from_env({"ICT_RAW_DIR": str(afile)})
    with pytest.raises(SettingsError, match=f"ICT_WAREHOUSE: {tmp_path} is a folder, not a file"):
        Settings.from_env({"ICT_WAREHOUSE": str(tmp_path)})


def test_no_module_but_settings_reads_the_environment():
    package = Path(__file__).resolve().parents[2] / "dagster_project"
    sources = {path: path.read_text(encoding="utf-8") for path in package.rglob("*.py")}
    readers = sorted(
        str(path.relative_to(package))
        for path, text in sources.items()
        if "os.environ" in text or "getenv" in text
    )
    # fault_points: the fault-injection hook of the tests, read at the point it guards;
    # instance: DAGSTER_HOME, Dagster's own variable, for Dagster's instance.
    assert readers == [
        "common/fault_points.py",
        "common/settings.py",
        "orchestration/instance.py",
    ]


def test_dagster_sqlite_synchronous_defaults_off_and_refuses_a_bad_value():
    assert dagster_sqlite_synchronous({}) == "off"
    assert dagster_sqlite_synchronous({"ICT_DAGSTER_SYNCHRONOUS": " FULL "}) == "full"
    with pytest.raises(SettingsError, match=r"SYNCHRONOUS must be one of .*'sometimes'"):
        dagster_sqlite_synchronous({"ICT_DAGSTER_SYNCHRONOUS": "sometimes"})
