"""The sensor's runs nationally: one per province, tagged with it, reading its folders.

On a raw folder of the national layout from the bench generator (seeded), the real
`new_submission_files` sensor is evaluated tick by tick on a real Dagster instance.
"""

from __future__ import annotations

import json

import dagster as dg

from bench.generate import national
from dagster_project.common.settings import Settings
from dagster_project.ingest.files.discovery import discover
from dagster_project.orchestration.partitions import province_of
from dagster_project.orchestration.resources import PipelinePaths
from dagster_project.orchestration.runs import whole_graph_tags
from dagster_project.orchestration.sensors import new_submission_files

LATE = (
    "unit_code,period,indicator_code,value,status,submitted_at\n"
    "{unit},2023-02,REVENUE_001,{value},actual,2023-03-09 09:00\n"
)


def _tick(settings: Settings, instance, cursor: str) -> tuple[list[dg.RunRequest], str]:
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, sensor_name="new_submission_files",
        resources={"paths": PipelinePaths.from_settings(settings)},
    )
    return new_submission_files(context).run_requests, context.cursor


def _everything_known(settings: Settings) -> str:
    """The cursor of a sensor that has seen every file of the folder as it is now."""
    files = discover(settings.raw_dir).files
    return json.dumps({f.path: f.sha256 for f in files}, sort_keys=True)


def _folders(request: dg.RunRequest) -> list[str]:
    return request.run_config["ops"]["submission_tables"]["config"]["folders"]


def test_files_of_two_provinces_give_one_tagged_run_each(tmp_path):
    raw = national(tmp_path / "raw", provinces=3, units=2, months=2)
    settings = Settings.from_paths(raw, tmp_path / "warehouse.duckdb", tmp_path / "reports")
    with dg.instance_for_test() as instance:
        cursor = _everything_known(settings)
        assert _tick(settings, instance, cursor)[0] == []  # nothing new

        # A late file in province 02 (February), a corrected one in province 03 (January).
        (raw / "submissions/02/2023/02/P02U001_2023-02_late.csv").write_text(
            LATE.format(unit="P02U001", value="2.50"), encoding="utf-8"
        )
        corrected = raw / "submissions/03/2023/01/P03U002_2023-01.csv"
        corrected.write_text(corrected.read_text(encoding="utf-8").replace("actual", "revised"))
        requests, cursor = _tick(settings, instance, cursor)
        assert [r.tags["ict/province"] for r in requests] == ["02", "03"]
        assert [_folders(r) for r in requests] == [
            ["submissions/02/2023/02"], ["submissions/03/2023/01"]
        ]
        assert [r.tags["ict/folders"] for r in requests] == [
            "submissions/02/2023/02", "submissions/03/2023/01"
        ]
        assert {r.job_name for r in requests} == {"process_submission_files"}
        assert len({r.run_key for r in requests}) == 2

        assert _tick(settings, instance, cursor)[0] == []  # the second tick: nothing new

        # Two months of one province: one run, of that province only, reading both.
        for month in ("01", "02"):
            (raw / f"submissions/01/2023/{month}/P01U001_2023-{month}.csv").unlink()
        (only,), _ = _tick(settings, instance, cursor)
        assert only.tags["ict/province"] == "01"
        assert _folders(only) == ["submissions/01/2023/01", "submissions/01/2023/02"]


def test_folders_outside_the_national_layout_have_no_province(tmp_path):
    assert province_of("submissions/26/2024/03") == "26"
    assert province_of("submissions/2023/06") is None
    assert province_of("submissions") is None
    assert province_of("reference/26") is None


def test_the_first_load_of_one_province_is_tagged_with_it(tmp_path):
    one = national(tmp_path / "one", provinces=1, units=2, months=1)
    two = national(tmp_path / "two", provinces=2, units=2, months=1)
    with dg.instance_for_test() as instance:
        assert whole_graph_tags(instance, one)["ict/province"] == "01"
        assert "ict/province" not in whole_graph_tags(instance, two)


def test_a_province_with_many_new_files_gets_tags_postgres_can_index(tmp_path):
    """PostgreSQL indexes run tags (the run key is one) up to ~2,700 bytes an entry."""
    raw = national(tmp_path / "raw", provinces=2, units=30, months=3)
    settings = Settings.from_paths(raw, tmp_path / "warehouse.duckdb", tmp_path / "reports")
    everything = json.loads(_everything_known(settings))
    known = {k: v for k, v in everything.items() if k.startswith("submissions/01/")}
    with dg.instance_for_test() as instance:
        (first,), _ = _tick(settings, instance, json.dumps(known))
        (again,), _ = _tick(settings, instance, json.dumps(known))
    assert first.tags["ict/province"] == "02"
    assert first.run_key.startswith("90 file versions, sha256 ")  # 30 units × 3 months
    assert len(first.run_key) <= 1000
    assert again.run_key == first.run_key  # the same files: the same key, launched once
    assert _folders(first) == [f"submissions/02/2023/0{m}" for m in (1, 2, 3)]
