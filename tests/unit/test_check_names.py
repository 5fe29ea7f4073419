"""Short Dagster names for dbt's generated test names (dagster_project/transform/check_names.py)."""

from __future__ import annotations

import pytest

from dagster_project.transform.check_names import short_check_name, with_short_check_names


def _test(name: str, kind: str | None, attached: str = "model.p.warnings", **kwargs) -> dict:
    metadata = {"name": kind, "kwargs": kwargs} if kind else None
    return {
        "resource_type": "test",
        "name": name,
        "test_metadata": metadata,
        "attached_node": attached,
    }


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        (
            _test(
                "accepted_values_warnings_check_name__value_scale_jump__revision_jump",
                "accepted_values",
                column_name="check_name",
            ),
            "accepted_values_check_name",
        ),
        (
            _test("source_not_null_raw_plans_year", "not_null", column_name="year"),
            "not_null_year",
        ),
        (
            _test("required_columns_filled_rejected_rows_", "required_columns_filled"),
            "required_columns_filled",
        ),
        (
            _test(
                "unique_combination_of_columns_warnings_file_path__row_number",
                "unique_combination_of_columns",
            ),
            "unique_grain",
        ),
        # A name the YAML gave, and a singular test's file name, are kept as written.
        (_test("expected_or_received", "expression_is_true"), "expected_or_received"),
        (_test("closure_is_acyclic_and_complete", None), "closure_is_acyclic_and_complete"),
    ],
)
def test_short_check_name(test, expected):
    assert short_check_name(test) == expected


def test_only_test_nodes_are_renamed_and_the_input_is_left_alone():
    model = {"resource_type": "model", "name": "not_null_looking_model"}
    test = _test("not_null_warnings_unit_code", "not_null", column_name="unit_code")
    manifest = {"nodes": {"model.p.m": model, "test.p.t": test}}
    renamed = with_short_check_names(manifest)
    assert renamed["nodes"]["test.p.t"]["name"] == "not_null_unit_code"
    assert renamed["nodes"]["model.p.m"]["name"] == "not_null_looking_model"
    assert test["name"] == "not_null_warnings_unit_code"


def test_two_tests_of_one_model_that_would_share_a_name_are_an_error():
    grain = "unique_combination_of_columns"
    manifest = {
        "nodes": {
            "test.p.a": _test(f"{grain}_warnings_a__b", grain),
            "test.p.b": _test(f"{grain}_warnings_c__d", grain),
            # The same short name on another model is no clash.
            "test.p.c": _test(f"{grain}_revisions_a__b", grain, attached="model.p.revisions"),
        }
    }
    clash = r"test\.p\.a, test\.p\.b on model\.p\.warnings would all be called `unique_grain`"
    with pytest.raises(ValueError, match=clash):
        with_short_check_names(manifest)
