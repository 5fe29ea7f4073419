"""Every limit of the checks, with its default, written once.

The limits of the checks dbt runs (its tests before publication, dbt/tests/generic/, and
its plausibility warnings) are the `vars:` of `dbt/dbt_project.yml`, so that dbt run by
hand gives the same results; Python reads them from there (`dbt_var`), never restates
them. `resources.QualityThresholds` takes its defaults from here and hands a deployment's
overrides back to dbt as `--vars`. Only the limits of the checks Python runs itself
(losses against the published warehouse, freshness) are written here.

Asset-check descriptions are built from these values, not written out as text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt" / "dbt_project.yml"


@cache
def dbt_vars() -> dict[str, Any]:
    """The `vars:` of dbt_project.yml."""
    return yaml.safe_load(DBT_PROJECT.read_text(encoding="utf-8"))["vars"]


def dbt_var(name: str) -> Any:
    found = dbt_vars()
    if name not in found:
        raise KeyError(f"{name!r} is not a var of {DBT_PROJECT}")
    return found[name]


# The dbt tests' limits a deployment may override: each a dbt var and a field of
# resources.QualityThresholds of the same name, which passes it to dbt as `--vars`.
DBT_LIMITS = ("max_pct_of_plan", "parent_tolerance_pct", "min_completeness_pct")
MAX_PCT_OF_PLAN = float(dbt_var("max_pct_of_plan"))
PARENT_TOLERANCE_PCT = float(dbt_var("parent_tolerance_pct"))
MIN_COMPLETENESS_PCT = float(dbt_var("min_completeness_pct"))

# A run whose accepted rows or reference rows fall by more than this share against the
# published warehouse is not published (losses.py).
MAX_DROP_PCT = 50.0
# Submissions arrive monthly: marts older than ~a month and a half mean nothing has run.
MARTS_FRESHNESS_DAYS = 45
