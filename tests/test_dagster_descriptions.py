"""What the Dagster UI says about the dbt assets and their checks: a sentence for every
check, the YAML description (never a dump of the SQL) for every model."""

from __future__ import annotations

import dagster as dg
import pytest

from dagster_project.definitions import defs
from dagster_project.orchestration.assets.transform import (
    MANIFEST,
    check_description,
    required_columns,
    warehouse_models,
)

CHECKS = {spec.key: spec for spec in warehouse_models.check_specs}


def _check(asset: list[str], name: str) -> dg.AssetCheckSpec:
    return CHECKS[dg.AssetCheckKey(dg.AssetKey(asset), name)]


def test_every_check_of_every_asset_has_a_description():
    specs = [spec for a in defs.assets if hasattr(a, "check_specs") for spec in a.check_specs]
    assert len(specs) >= 145  # 147: one `required_columns_filled` per model, not per column
    missing = sorted(spec.key.to_user_string() for spec in specs if not spec.description)
    assert missing == []


@pytest.mark.parametrize(
    ("asset", "name", "sentence"),
    [
        (
            ["quality", "rejected_rows"],
            "required_columns_filled",
            "Never empty: `file_path`, `check_name`.",
        ),
        (
            ["marts", "halfyear_vs_plan"],
            "accepted_range_completeness_pct",
            "`completeness_pct` is between 0 and 100.",
        ),
        (
            ["quality", "file_manifest"],
            "accepted_values_outcome",
            "`outcome` is one of `loaded`, `duplicate`, `rejected`.",
        ),
        (
            ["quality", "rejected_rows"],
            "relationships_file_path",
            "Every `file_path` is a `file_path` of `file_manifest`.",
        ),
        (
            ["quality", "file_manifest"],
            "equal_columns_sum_received_rows",
            "`received_rows` = `accepted_rows` + `rejected_rows` on every row.",
        ),
        (
            ["intermediate", "int_unit_activities"],
            "unique_grain",
            "No two rows share the same `unit_code`, `activity`.",
        ),
    ],
)
def test_dbt_test_checks_say_what_they_guard(asset, name, sentence):
    assert _check(asset, name).description == sentence


def test_every_model_with_a_required_column_has_the_check_that_reads_it():
    """The mark `required: true` alone checks nothing: the model-level test reads it. A
    model carrying the test without a marked column is an error of dbt's compilation."""
    models = {
        (node["schema"], node["name"])
        for node in MANIFEST["nodes"].values()
        if node["resource_type"] == "model" and required_columns(node)
    }
    checked = {tuple(key.asset_key.path) for key in CHECKS if key.name == "required_columns_filled"}
    assert len(models) == 44
    assert models == checked


def test_check_names_fit_the_checks_list():
    """Dagster's list cuts a name after about 32 characters."""
    too_long = sorted(key.name for key in CHECKS if len(key.name) > 32)
    assert too_long == []


def test_a_name_given_in_yaml_is_kept():
    key = dg.AssetCheckKey(dg.AssetKey(["marts", "submission_status"]), "expected_or_received")
    assert CHECKS[key].description == "`expected or received` holds on every row."


def test_a_description_written_in_yaml_wins():
    test = {"name": "t", "description": "Revenue never falls.", "test_metadata": {}}
    assert check_description(test) == "Revenue never falls."


def test_a_singular_test_without_description_names_itself():
    assert check_description({"name": "plans_are_positive", "description": ""}) == (
        "The query of dbt test `plans_are_positive` finds no offending row."
    )


def test_model_descriptions_carry_no_sql():
    key = dg.AssetKey(["marts", "halfyear_vs_plan"])
    spec = next(s for s in warehouse_models.specs if s.key == key)
    assert spec.description.startswith("Half-year versus plan.")
    descriptions = [s.description or "" for s in warehouse_models.specs]
    assert not [d for d in descriptions if "Raw SQL" in d or "select" in d.lower().split()]
    # The SQL is one click away instead: the code reference to the model's file.
    assert "dagster/code_references" in spec.metadata
