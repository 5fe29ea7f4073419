"""Dagster's SQLite storage keeps one engine per file, and still stores every event."""

import logging

import dagster as dg
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluation
from dagster._core.events import DagsterEvent, DagsterEventType
from dagster._core.storage.dagster_run import DagsterRun
from dagster._core.storage.event_log.sqlite import sqlite_event_log
from sqlalchemy.pool import NullPool, StaticPool

from dagster_project.orchestration import instance_sqlite


def test_the_same_file_gets_the_same_engine_and_another_file_its_own(tmp_path):
    first = f"sqlite:///{tmp_path / 'a.db'}"
    engine = instance_sqlite._kept_engine(first, poolclass=NullPool)
    assert instance_sqlite._kept_engine(first, poolclass=NullPool) is engine
    other = f"sqlite:///{tmp_path / 'b.db'}"
    assert instance_sqlite._kept_engine(other, poolclass=NullPool) is not engine
    # Only the calls Dagster's SQLite storages make are kept: anything else is new each time.
    assert instance_sqlite._kept_engine(first, poolclass=StaticPool) is not engine
    assert isinstance(engine.pool, NullPool)  # no connection is held between statements


def test_dagsters_sqlite_storage_goes_through_the_kept_engines():
    assert sqlite_event_log.create_engine is instance_sqlite._kept_engine


def test_every_check_event_of_a_run_is_stored_and_read_back(tmp_path):
    with dg.DagsterInstance.local_temp(str(tmp_path)) as instance:
        run = instance.add_run(
            DagsterRun(job_name="job", run_id="00000000-1111-2222-3333-444444444444")
        )
        for i in range(30):
            event = DagsterEvent(
                event_type_value=DagsterEventType.ASSET_CHECK_EVALUATION.value,
                job_name="job",
                message="checked",
                event_specific_data=AssetCheckEvaluation(
                    asset_key=dg.AssetKey(["marts", "m"]),
                    check_name=f"c{i}",
                    passed=i % 2 == 0,
                    metadata={},
                ),
                step_key="step",
            )
            instance.report_dagster_event(event, run.run_id, logging.DEBUG)
        stored = instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
        assert len(stored) == 30
        passed = [e.dagster_event.event_specific_data.passed for e in stored]
        assert passed.count(True) == 15
        assert any(str(tmp_path) in key[0] for key in instance_sqlite._engines)
