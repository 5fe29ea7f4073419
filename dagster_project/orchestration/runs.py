"""Starting runs of the whole graph: the tags that say which raw folder they read."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from dagster_project.ingest.files.discovery import submission_paths
from dagster_project.orchestration.partitions import PROVINCE_TAG, folder_of, province_of

# The run tag naming the raw folder a run read, so the UI's run list says which input
# (province, year) every run was made from.
RAW_DIR_TAG = "ict/raw_dir"


def raw_dir_tags(raw_dir: Path) -> dict[str, str]:
    return {RAW_DIR_TAG: str(raw_dir)}


def whole_graph_tags(instance: dg.DagsterInstance, raw_dir: Path) -> dict[str, str]:
    """Tags of a run of every folder. Raises FileNotFoundError when there is nothing to
    read, so a schedule or sensor skips rather than starting a run that must fail.

    `instance` is unused since runs are no longer split into folder partitions; it stays
    in the signature so the schedules and sensors call it as before.
    """
    del instance
    paths = submission_paths(raw_dir)
    if not paths:
        raise FileNotFoundError(f"no submission files under {raw_dir / 'submissions'}")
    provinces = {province_of(folder_of(path)) for path in paths}
    # Every file in one province's folders: the run is that province's, and the
    # service's queue holds a second run of the same province until it ends.
    (only,) = provinces if len(provinces) == 1 else (None,)
    return {**raw_dir_tags(raw_dir), **({PROVINCE_TAG: only} if only else {})}
