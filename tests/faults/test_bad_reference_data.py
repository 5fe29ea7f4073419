"""Reference data that collapses or goes missing, through `make run`'s command: the run
fails, says what collapsed and why, and leaves the last published state in place."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.faults.harness import Pipeline, file_digest
from tests.integration.pipeline import settings_for
from tests.integration.raw_folders import build_raw_folder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A deployment with one good run published; each test puts back what it breaks."""
    tmp_path = tmp_path_factory.mktemp("published")
    raw = tmp_path / "raw"
    build_raw_folder(raw)
    pipeline = Pipeline(settings_for(raw, tmp_path / "out"), tmp_path / "dagster_home")
    done = pipeline.run()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return pipeline


def _state(pipeline: Pipeline) -> dict[str, str]:
    """Digest of the published warehouse and of every report and feedback file."""
    reports = pipeline.settings.reports_dir
    files = [pipeline.settings.warehouse, *sorted(p for p in reports.rglob("*") if p.is_file())]
    return {str(path): file_digest(path) for path in files if path.name != "run_failures.log"}


def test_a_registry_emptied_to_its_header_publishes_nothing_and_says_why(published):
    before = _state(published)
    registry = published.settings.raw_dir / "reference/reporting_units.csv"
    good = registry.read_text(encoding="utf-8")
    registry.write_text(good.splitlines()[0] + "\n", encoding="utf-8")
    try:
        done = published.run()
    finally:
        registry.write_text(good, encoding="utf-8")

    assert done.returncode == 1
    assert "BLOCKED by check nothing_lost_against_published" in done.stderr
    assert "raw.reporting_units rows: published 5, now 0" in done.stderr
    assert "accepted submission rows: published 13, now 0" in done.stderr
    assert "unit_code_known ×13" in done.stderr  # why the rows went
    assert _state(published) == before  # warehouse, reports and feedback untouched
    last = (published.settings.reports_dir / "run_failures.log").read_text().splitlines()[-1]
    assert "raw.reporting_units rows" in json.loads(last)["error"]


def test_a_missing_plans_file_is_named_in_the_failure(published):
    before = _state(published)
    plans = published.settings.raw_dir / "reference/plans.csv"
    aside = plans.with_name("plans.csv.aside")
    plans.rename(aside)
    try:
        done = published.run()
    finally:
        aside.rename(plans)

    assert done.returncode == 1
    assert "FAILED reference_tables" in done.stderr
    assert "reference/plans.csv is missing" in done.stderr
    assert _state(published) == before


def test_a_deliberate_removal_is_published_only_when_accepted(published):  # runs last
    shutil.rmtree(published.settings.raw_dir / "submissions/2030")
    assert published.run().returncode == 1  # the 2030 figures would vanish
    done = published.run(ICT_ACCEPT_LOSSES="1")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
