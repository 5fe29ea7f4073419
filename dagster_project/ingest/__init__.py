"""Ingest: raw files into the `raw` schema, in four steps, one folder each.

`files` finds the inputs and knows their formats; `read` turns one file into rows of
text; `check` holds the contracts and sets bad rows aside with their reasons; `load`
writes the raw tables and the manifest (`load.loader`: `load_reference`,
`load_submissions`). Shared by all four: the error types (`errors`) and the raw tables'
shapes (`tables`). May import: `common`, `catalog`; each step the steps before it.
Nothing is imported here, so that finding files does not load the parsers.
"""
