"""Faults injected into the real pipeline (`make run`'s command on a temporary folder):
kill -9 at several points and of the whole process tree, an unreadable build file, an
unreadable published file. After each, a run must end in exactly the state of a run that
never failed: every mart and quality table equal, row for row, to a clean run's."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from tests.faults.harness import (
    Pipeline,
    content_digest,
    file_digest,
    kill_process,
    kill_process_tree,
    wait_until_gone,
)
from tests.integration.pipeline import settings_for
from tests.integration.raw_folders import build_raw_folder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults") / "raw"
    build_raw_folder(folder)
    return folder


@pytest.fixture(scope="module")
def clean_run(raw, tmp_path_factory) -> Pipeline:
    """A run that never failed (same raw folder, fresh everything), all under one folder:
    its warehouse, build file, reports and Dagster home."""
    out = tmp_path_factory.mktemp("clean")
    pipeline = Pipeline(settings_for(raw, out), out / "dagster_home")
    done = pipeline.run()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return pipeline


@pytest.fixture(scope="module")
def clean_digest(clean_run):
    """The state a run that never failed ends in."""
    return content_digest(clean_run.settings.warehouse)


def _published_once(clean_run: Pipeline, tmp_path) -> Pipeline:
    """A deployment of its own as a clean run leaves it: a copy of what `clean_run` wrote
    and of its Dagster home, instead of that same run once more in each test."""
    out = tmp_path / "out"
    shutil.copytree(clean_run.dagster_home.parent, out)
    return Pipeline(settings_for(clean_run.settings.raw_dir, out), out / "dagster_home")


def _run_statuses(pipeline: Pipeline) -> list[dg.DagsterRunStatus]:
    ref = InstanceRef.from_dir(str(pipeline.dagster_home))
    with dg.DagsterInstance.from_ref(ref) as instance:
        return [run.status for run in reversed(instance.get_runs())]


def _assert_clean_run(pipeline: Pipeline, clean_digest: dict[str, str]) -> None:
    done = pipeline.run()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert content_digest(pipeline.settings.warehouse) == clean_digest


def test_killed_while_reading_in_dbt_and_as_a_tree_then_a_run_equals_a_clean_one(
    raw, clean_digest, tmp_path
):
    pipeline = Pipeline(settings_for(raw, tmp_path / "out"), tmp_path / "dagster_home")
    marker = tmp_path / "held"

    process, held = pipeline.start_and_hold("reading", marker)
    assert held == process.pid  # the files are read in the pipeline process itself
    kill_process(process)
    assert not pipeline.settings.warehouse.exists()  # nothing was published

    process, dbt = pipeline.start_and_hold("dbt", marker)
    assert dbt != process.pid  # held in dbt, a child of the pipeline
    kill_process(process)  # the pipeline alone: its dbt child must not outlive it
    wait_until_gone(dbt)  # a dbt that outlived the pipeline hangs here until the timeout

    process, dbt = pipeline.start_and_hold("dbt", marker)
    kill_process_tree(process)
    wait_until_gone(dbt)

    # The killed runs stayed STARTED in the instance; the next run marks them failed
    # (a daemon's queue would otherwise wait for them for ever) and then succeeds.
    _assert_clean_run(pipeline, clean_digest)
    assert _run_statuses(pipeline) == [dg.DagsterRunStatus.FAILURE] * 3 + [
        dg.DagsterRunStatus.SUCCESS
    ]


def test_killed_while_publishing_keeps_the_published_file_then_a_run_equals_a_clean_one(
    clean_run, clean_digest, tmp_path
):
    pipeline = _published_once(clean_run, tmp_path)
    published = file_digest(pipeline.settings.warehouse)
    before = sorted(p.name for p in pipeline.settings.warehouse.parent.iterdir())

    process, _ = pipeline.start_and_hold("publishing", tmp_path / "held")
    kill_process(process)
    assert file_digest(pipeline.settings.warehouse) == published
    _assert_clean_run(pipeline, clean_digest)
    # The half-written replacement of the killed run does not pile up beside it.
    after = sorted(p.name for p in pipeline.settings.warehouse.parent.iterdir())
    assert [name for name in after if name not in before] == []


def test_an_unreadable_build_file_is_rebuilt_from_raw(clean_run, clean_digest, tmp_path):
    pipeline = _published_once(clean_run, tmp_path)
    build = pipeline.settings.build_db
    with open(build, "r+b") as handle:
        handle.write(b"\xff" * 4096)  # the header and more: DuckDB cannot open it

    _assert_clean_run(pipeline, clean_digest)
    assert build.with_name(f"{build.name}.unreadable").exists()  # kept for a person to see


def test_an_unreadable_published_file_is_replaced(clean_run, clean_digest, tmp_path):
    pipeline = _published_once(clean_run, tmp_path)
    warehouse = pipeline.settings.warehouse
    warehouse.write_bytes(warehouse.read_bytes()[:4096])  # truncated

    _assert_clean_run(pipeline, clean_digest)
