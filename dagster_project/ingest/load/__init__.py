"""Load: checked rows into the raw tables of the build file, with the manifest.

The entry points of the ingest stage (`loader`). May import the earlier ingest steps,
`common`, `catalog`.
"""
