"""Files: which raw files there are, their formats and their hashes.

Knows a submission by its suffix without loading any parser. May import:
`ingest.errors` (the error types every ingest step shares), `common`, `catalog`.
"""
