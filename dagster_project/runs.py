"""Starting runs of the whole graph: keep the folder partitions in step with `raw/`."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from dagster_project.ingest.discovery import submission_paths
from dagster_project.partitions import SUBMISSION_FOLDERS, all_folders_tags, folder_of

# The run tag naming the raw folder a run read, so the UI's run list says which input
# (province, year) every run was made from.
RAW_DIR_TAG = "ict/raw_dir"


def raw_dir_tags(raw_dir: Path) -> dict[str, str]:
    return {RAW_DIR_TAG: str(raw_dir)}


def submission_folder_keys(raw_dir: Path) -> list[str]:
    """Partition keys of every folder that now holds a submission file, sorted.

    Only lists the files: the run that follows reads and hashes them once.
    """
    return sorted({folder_of(path) for path in submission_paths(raw_dir)})


def sync_folder_partitions(instance: dg.DagsterInstance, raw_dir: Path) -> list[str]:
    """Add partitions for new folders and drop those now empty; return all keys."""
    keys = submission_folder_keys(raw_dir)
    known = set(instance.get_dynamic_partitions(SUBMISSION_FOLDERS.name))
    for key in sorted(known - set(keys)):
        instance.delete_dynamic_partition(SUBMISSION_FOLDERS.name, key)
    new = [key for key in keys if key not in known]
    if new:
        instance.add_dynamic_partitions(SUBMISSION_FOLDERS.name, new)
    return instance.get_dynamic_partitions(SUBMISSION_FOLDERS.name)


def whole_graph_tags(instance: dg.DagsterInstance, raw_dir: Path) -> dict[str, str]:
    """Tags of a run of every folder: the partition range and the raw folder."""
    keys = sync_folder_partitions(instance, raw_dir)
    if not keys:
        raise FileNotFoundError(f"no submission files under {raw_dir / 'submissions'}")
    return {**all_folders_tags(keys), **raw_dir_tags(raw_dir)}
