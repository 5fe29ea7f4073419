"""Which reader reads which submission file, by suffix.

A reader takes the file's bytes and returns a `TextTable` with the canonical
submission columns (`csv_reader.SUBMISSION_COLUMNS`) as strings plus `row_number`, or
raises `UnreadableFile`. A file whose suffix is not here is not a submission; a file
that reads to no rows at all (a header alone) is rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.files.file_formats import not_a_submission
from dagster_project.ingest.read.csv_reader import TextTable, read_csv_submission
from dagster_project.ingest.read.xlsx_reader import read_xlsx_submission

Reader = Callable[[bytes], TextTable]


# One per suffix of file_formats.SUBMISSION_SUFFIXES (tests/unit/test_file_formats.py).
READERS: dict[str, Reader] = {
    ".csv": read_csv_submission,
    ".xlsx": read_xlsx_submission,
}


def read_submission(path: str | PurePath, data: bytes) -> TextTable:
    """Read a submission file's bytes with the reader for its suffix."""
    suffix = PurePath(path).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise not_a_submission(path)
    table = reader(data)
    if table.frame.height == 0 and not table.malformed:
        # A month with nothing to report is a row with value 0, so a file without rows
        # is almost always a mistake (the wrong file, an export that failed).
        raise UnreadableFile(
            "the file has a header but no data rows: a month with nothing to report is "
            "still sent, with the value 0",
            "tệp có dòng tiêu đề nhưng không có dòng số liệu nào: tháng không phát sinh "
            "vẫn phải báo cáo, với giá trị 0",
        )
    return table
