"""Ingest: find, read, check and load raw inputs into the `raw` schema (docs/DESIGN.md).

Pure functions per job (`discovery`, `text`, `parsing`, `csv_reader`, `readers`,
`contracts`, `quarantine`, `reference`, `submissions`) and two entry points in `load`
(`load_reference`, `load_submissions`). Nothing is imported here, so that finding files
(`discovery`) does not load the parsers.
"""
