"""Starting runs of the whole graph: the tags that say which raw folder they read."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from dagster_project.ingest.files.discovery import submission_paths

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
    if not submission_paths(raw_dir):
        raise FileNotFoundError(f"no submission files under {raw_dir / 'submissions'}")
    return raw_dir_tags(raw_dir)
