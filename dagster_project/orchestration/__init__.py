"""Orchestration: the Dagster side, assets, checks, jobs, schedules, sensors, runs.

Thin wiring around the stages below: each asset calls one stage (`assets`), resources
hand the settings over (`resources`), the instance and its runs are kept healthy
(`instance`, `run_workers`) and `make run` prints one line per stage (`progress`). May
import every stage: `ingest`, `transform`, `publish`, `report`, `common`, `catalog`.
"""
