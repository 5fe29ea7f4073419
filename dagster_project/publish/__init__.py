"""Publish: write, audit, publish the DuckDB warehouse.

Runs write a build file (`build_file`, `warehouse`), one writer at a time (`locking`);
before publishing, `losses` says what the run would lose against the published file;
only then is the build file renamed over the warehouse (`atomic`). May import:
`ingest` (the raw tables' schema), `transform`, `common`, `catalog`.
"""
