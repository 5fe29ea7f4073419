"""The ingest layer's own errors.

`IngestError` stops a load: something the whole run depends on is missing or broken
(a reference file, a setting). `UnreadableFile` rejects one file and the run goes on:
the file is recorded in `raw.rejected_files` with both reasons.
"""

from __future__ import annotations


class IngestError(Exception):
    """A load cannot go on; the message says what to fix."""


class UnreadableFile(IngestError):
    """One file cannot be read at all; the reason is shown to people in two languages."""

    def __init__(self, reason_en: str, reason_vi: str) -> None:
        super().__init__(reason_en)
        self.reason_en = reason_en
        self.reason_vi = reason_vi
