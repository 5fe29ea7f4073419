"""Loading some folders only (a run of the sensor) keeps every other file's rows,
and re-decides which of several identical files is the original."""

from __future__ import annotations

import os
import shutil

import duckdb

from dagster_project.ingest.load.loader import load_reference, load_submissions
from tests.integration.raw_folders import build_raw_folder


def _files(con) -> dict[str, tuple]:
    rows = con.execute(
        "select file_path, outcome, accepted_rows from raw.file_manifest order by 1"
    ).fetchall()
    return {path: (outcome, accepted) for path, outcome, accepted in rows}


def test_a_vanished_original_hands_over_to_its_copy_in_another_folder(tmp_path):
    raw = tmp_path / "raw"
    build_raw_folder(raw)
    original = raw / "submissions/2031/s1.csv"
    copy = raw / "submissions/2031/01/s1_copy.csv"
    shutil.copy(original, copy)
    os.utime(copy, (original.stat().st_mtime + 60,) * 2)  # the copy was seen later
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    load_reference(raw, con, log=lambda _: None)
    load_submissions(raw, con, log=lambda _: None)
    assert _files(con)["submissions/2031/01/s1_copy.csv"] == ("duplicate", 0)
    (values,) = con.execute("select count(*) from raw.submission_values").fetchone()

    original.unlink()  # filed in the wrong folder; the copy stays
    load_submissions(raw, con, log=lambda _: None, folders=["submissions/2030"])

    files = _files(con)
    assert "submissions/2031/s1.csv" not in files
    assert files["submissions/2031/01/s1_copy.csv"] == ("loaded", 2)
    assert con.execute("select count(*) from raw.submission_values").fetchone() == (values,)
    con.close()
