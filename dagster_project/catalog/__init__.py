"""The one place each fact of the product is written (docs/DESIGN.md, "The registry").

* `columns` and `tables`: every raw table, its columns with their DuckDB and Polars
  types, the header aliases a file may use, labels and descriptions;
* `codes`: the code lists (indicator kinds, periods, statuses, outcomes, severities,
  frequencies) with their labels in Vietnamese and English;
* `thresholds`: every limit of the checks, with its default;
* `generate`: the files derived from the above (dbt's `_sources.yml`), committed and
  held to the registry by a test.

This package imports nothing of the project but itself: every stage may import it.
"""
