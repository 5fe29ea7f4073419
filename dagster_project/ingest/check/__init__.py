"""Check: the contracts every row must meet, and the quarantine of those that do not.

A rejected row keeps its file, row, column and rule. May import: `ingest.read`,
`ingest.files`, `common`, `catalog`.
"""
