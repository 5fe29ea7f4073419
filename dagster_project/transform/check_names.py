"""Readable names for the dbt tests in Dagster's checks list.

dbt names a generic test after its kind, its model and all its arguments
(`accepted_values_warnings_check_name__value_scale_jump__revision_jump__…`, 183
characters); Dagster's checks list cuts names after about 32 characters, and already
shows the model, since a check belongs to its asset. So the checks carry the kind and
the column (`accepted_values_check_name`), and the sentence of what each guards is the
check's description. A test given its own `name:` in YAML keeps it.

dagster-dbt reads check names from the manifest it was given, both to declare the checks
and to match dbt's results to them, so renaming in the manifest is all it takes; dbt's
own selection uses the test's fqn, which stays as dbt wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

# Kinds whose generated name is shortened to "<kind>_<column>".
_BY_COLUMN = (
    "not_null",
    "unique",
    "accepted_values",
    "accepted_range",
    "relationships",
    "equal_columns_sum",
)


def with_short_check_names(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the manifest whose generated test names are short; fails on a clash."""
    nodes = dict(manifest["nodes"])  # only the test nodes are replaced, by renamed copies
    taken: dict[tuple[str, str], list[str]] = defaultdict(list)
    for unique_id, node in manifest["nodes"].items():
        if node.get("resource_type") != "test":
            continue
        nodes[unique_id] = {**node, "name": short_check_name(node)}
        taken[(node.get("attached_node") or "", nodes[unique_id]["name"])].append(unique_id)
    clashes = {key: ids for key, ids in taken.items() if len(ids) > 1}
    if clashes:
        (attached, name), ids = next(iter(clashes.items()))
        raise ValueError(
            f"dbt tests {', '.join(sorted(ids))} on {attached} would all be called `{name}` "
            "in Dagster: give one of them its own `name:` in the YAML"
        )
    return {**manifest, "nodes": nodes}


def short_check_name(test: Mapping[str, Any]) -> str:
    """The name a dbt test node shows in Dagster (see the module docstring)."""
    metadata = test.get("test_metadata") or {}
    kind = metadata.get("name")
    if kind is None or not _is_generated(test["name"], kind):
        return test["name"]  # a singular test's file name, or a name the YAML gave
    kwargs = metadata.get("kwargs") or {}
    if kind in _BY_COLUMN and kwargs.get("column_name"):
        return f"{kind}_{kwargs['column_name']}"
    if kind == "unique_combination_of_columns":
        return "unique_grain"  # the description lists the columns
    if kind == "required_columns_filled":
        return kind  # one per model; the description lists the columns
    return test["name"]


def _is_generated(name: str, kind: str) -> bool:
    """dbt's own names start with the kind (`source_` first for a source's tests)."""
    return name.startswith((f"{kind}_", f"source_{kind}_"))
