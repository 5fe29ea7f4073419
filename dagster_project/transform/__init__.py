"""Transform: dbt, which derives the staging, intermediate and mart models.

The models themselves live in `dbt/`; here is what runs dbt from the pipeline (a child
that dies with its parent, `dbt_child`) and what shapes its manifest for Dagster
(`check_names`). May import: `common`, `catalog`.
"""
