"""How the work is cut: one run reads the folders it is told, or every folder.

Submissions arrive in folders (the Department's monthly inbox: `submissions/2023/06/`),
and a folder is re-read whole when a file in it is new or changed; the rows of every
other folder stay as they are, and dbt then rebuilds the marts from all rows.

Which folders a run reads is run config of `submission_tables` (`folders`), not a
Dagster partition. Partitions per folder were measured (docs/DESIGN.md, "Performance"):
Dagster records every partition of every asset of a run, and at national scale (816
folders, five raw tables) that bookkeeping took longer than reading the 48,960 files;
in the UI, "Materialize all" became a backfill Dagster split into several runs. Without
partitions, "Materialize all" is one run of every folder, and the sensor's run names the
folders of the new files in its config (visible on the run's page).

Nationally the folders are per province (`submissions/<province>/<year>/<month>/`, the
layout of bench/generate.py): the sensor asks for one run per province, tagged with it
(`PROVINCE_TAG`), so that the service's queue runs provinces side by side and one at a
time each (dagster_service.yaml). A folder outside that layout (the bundled sample:
`submissions/2023/06/`) has no province; its files go into one untagged run as before.
"""

from __future__ import annotations

import posixpath
import re

import dagster as dg

# The run tag listing the folders a run re-read, so the UI's run list says what it read.
FOLDERS_TAG = "ict/folders"
# The run tag naming the one province a run re-reads; the service's queue allows one
# run per value at a time (dagster_service.yaml).
PROVINCE_TAG = "ict/province"
# A province's folder: two digits, the General Statistics Office's code (a year has four).
_PROVINCE_FOLDER = re.compile(r"[0-9]{2}")


class SubmissionSelection(dg.Config):
    """Which folders of `raw/` a run re-reads; none given: every folder."""

    folders: list[str] | None = None


def folder_of(file_path: str) -> str:
    """The folder a file is re-read with: its folder under the raw folder."""
    return posixpath.dirname(file_path)


def province_of(folder: str) -> str | None:
    """The province whose folder `folder` lies in (`submissions/26/2024/03` → "26"), or
    None for a folder outside the national layout (`submissions/2023/06`)."""
    parts = folder.split("/")
    if len(parts) > 1 and parts[0] == "submissions" and _PROVINCE_FOLDER.fullmatch(parts[1]):
        return parts[1]
    return None


def folders_run_config(folders: list[str]) -> dg.RunConfig:
    """Run config of a run that re-reads `folders` only (the sensor's runs)."""
    return dg.RunConfig(ops={"submission_tables": SubmissionSelection(folders=folders)})
