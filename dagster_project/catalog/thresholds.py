"""Every limit of the checks, with its default, written once.

Two kinds, in two places because two programs read them:

* the Python asset checks' limits are here (`resources.QualityThresholds` takes its
  defaults from them, overridable per deployment);
* dbt's limits are the `vars:` of `dbt/dbt_project.yml`, so that dbt run by hand gives
  the same results; Python reads them from there (`dbt_var`), never restates them.

Asset-check descriptions are built from these values, not written out as text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt" / "dbt_project.yml"

# A province total above this share of its annual plan is almost surely a unit slip
# (triệu typed as tỷ): stop publication until someone has looked.
MAX_PCT_OF_PLAN = 1000.0
# A parent in the mart differing from the sum of its children by more than this percent
# is a bug of the roll-up (not dbt's parent_sum_tolerance_pct, which is about a parent a
# unit submitted itself, and allows for rounding in the unit's own books).
PARENT_TOLERANCE_PCT = 0.01
# Warn when fewer of the expected units have reported in the latest period.
MIN_COMPLETENESS_PCT = 90.0
# A run whose accepted rows or reference rows fall by more than this share against the
# published warehouse is not published (losses.py).
MAX_DROP_PCT = 50.0
# Submissions arrive monthly: marts older than ~a month and a half mean nothing has run.
MARTS_FRESHNESS_DAYS = 45


@cache
def dbt_vars() -> dict[str, Any]:
    """The `vars:` of dbt_project.yml."""
    return yaml.safe_load(DBT_PROJECT.read_text(encoding="utf-8"))["vars"]


def dbt_var(name: str) -> Any:
    found = dbt_vars()
    if name not in found:
        raise KeyError(f"{name!r} is not a var of {DBT_PROJECT}")
    return found[name]
