"""Discovery knows submissions by suffix without loading the parsers."""

from __future__ import annotations

import subprocess
import sys

from dagster_project.ingest.files.file_formats import SUBMISSION_SUFFIXES, file_format
from dagster_project.ingest.read.readers import READERS


def test_every_submission_format_has_its_reader():
    assert tuple(READERS) == SUBMISSION_SUFFIXES == (".csv", ".xlsx")
    assert [file_format(p) for p in ("a/B.CSV", "b.xlsx", "c.xls", "d")] == [
        "csv",
        "xlsx",
        None,
        None,
    ]


def test_discovery_imports_no_parser():
    probe = (
        "import sys, dagster_project.ingest.files.discovery; "
        "print(sorted(m for m in ('openpyxl', 'polars', 'pandera') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
