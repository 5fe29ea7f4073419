"""Which files are submissions, by suffix: what discovery needs to know, without the
parsers (openpyxl, polars) that `readers.py` brings along."""

from __future__ import annotations

from pathlib import PurePath

from dagster_project.catalog.codes import FILE_FORMATS
from dagster_project.ingest.errors import UnreadableFile

SUBMISSION_SUFFIXES = tuple(f".{name}" for name in FILE_FORMATS)


def file_format(path: str | PurePath) -> str | None:
    """`csv` / `xlsx` for a submission file (any case), None for anything else."""
    suffix = PurePath(path).suffix.lower()
    return suffix[1:] if suffix in SUBMISSION_SUFFIXES else None


def not_a_submission(path: str | PurePath) -> UnreadableFile:
    suffix = PurePath(path).suffix or "(none)"
    expected = " or ".join(sorted(SUBMISSION_SUFFIXES))
    expected_vi = " hoặc ".join(sorted(SUBMISSION_SUFFIXES))
    return UnreadableFile(
        f"not a submission file: the suffix {suffix} is not {expected}",
        f"không phải tệp báo cáo: đuôi tệp {suffix} không phải {expected_vi}",
    )
