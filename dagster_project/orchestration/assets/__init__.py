"""The assets: ingest, transform (dbt) and publish, each a thin call into its stage.

Retries of transient errors (`retries`) are shared by all of them. May import: the
stages (`ingest`, `transform`, `publish`, `report`) and the rest of `orchestration`.
"""
