"""Ingest: find, read, check and load raw inputs into the `raw` schema (docs/DESIGN.md).

Pure functions per job (`discovery`, `text`, `parsing`, `csv_reader`, `readers`,
`contracts`, `quarantine`, `reference`, `submissions`) and two entry points in `load`.
"""

from dagster_project.ingest.errors import IngestError, UnreadableFile
from dagster_project.ingest.load import (
    ReferenceResult,
    SubmissionResult,
    load_reference,
    load_submissions,
)

__all__ = [
    "IngestError",
    "ReferenceResult",
    "SubmissionResult",
    "UnreadableFile",
    "load_reference",
    "load_submissions",
]
