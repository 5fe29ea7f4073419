"""Shared fixtures: one real pipeline run on the bundled sample data per test session."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_RAW = ROOT / "raw"

# No network here: nothing may try to send usage data.
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")


@pytest.fixture(scope="session")
def dagster_instance(tmp_path_factory):
    with dg.instance_for_test(temp_dir=str(tmp_path_factory.mktemp("dagster_home"))) as instance:
        yield instance


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory, dagster_instance):
    """The whole asset graph materialized on the sample `raw/`, written under tmp_path."""
    from tests.integration.pipeline import run_pipeline, settings_for

    settings = settings_for(SAMPLE_RAW, tmp_path_factory.mktemp("sample_run"))
    result = run_pipeline(settings, dagster_instance)
    assert result.success, "pipeline run on the sample data failed"
    return settings, result
