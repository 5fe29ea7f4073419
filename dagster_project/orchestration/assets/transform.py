"""Transform: the dbt project, one Dagster asset per model and an asset check per test."""


import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from packaging import version

from dagster_project.orchestration import progress
from dagster_project.orchestration.dbt_failures import failed_test_queries, with_failing_rows
from dagster_project.orchestration.metadata import table_metadata
from dagster_project.orchestration.resources import (
    PipelinePaths,
    QualityThresholds,
    WarehouseWriter,
    export_build_db,
)
from dagster_project.publish.warehouse import connect
from dagster_project.transform.check_names import with_short_check_names

DBT_PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt from the SQL; elsewhere `make` has parsed it.
dbt_project.prepare_if_dev()


class InstalledDbt(DbtCliResource):
    """dagster-dbt's resource, without the two things it does before every invocation
    that a run here does not use.

    * It starts `dbt --version` to learn the version: one more Python process importing
      dbt (and dbt asks PyPI for its newest release), seconds per run. `ict-dbt` is the
      dbt-core of this very environment, so its version is the installed package's.
    * It loads the dbt project and profile in this process and registers a dbt adapter
      (~1.5 s of CPU, 4 s on the loaded machine; docs/DESIGN.md "Performance"), which
      only `fetch_row_counts()` and `fetch_column_metadata()` use. They are not called:
      with DuckDB they could only read the build file after dbt has let go of it anyway,
      which `warehouse_models` does itself (`_table_metadata_or_none`).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None  # dagster-dbt treats a missing adapter as "no fetch_* metadata"


def dbt_resource() -> DbtCliResource:
    """dbt from this environment's own bin/, whatever is (not) on PATH, started through
    `ict-dbt` so that it dies with the pipeline (dagster_project/transform/dbt_child.py)."""
    return InstalledDbt(
        project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "ict-dbt")
    )


class WarehouseTranslator(DagsterDbtTranslator):
    """Asset keys are the DuckDB relations: `raw/<table>` for sources, `<schema>/<model>`."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        """The YAML description alone: the SQL is in the code view (code references)."""
        return dbt_resource_props.get("description") or (
            f"dbt {dbt_resource_props['resource_type']} {dbt_resource_props['name']}"
        )

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        """dbt's check, with a sentence saying what it guards (see `check_description`)."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        test = manifest["nodes"][unique_id]
        model = manifest["nodes"].get(test.get("attached_node") or "")
        return spec._replace(description=check_description(test, model))


def check_description(test: Mapping[str, Any], model: Mapping[str, Any] | None = None) -> str:
    """The test's YAML `description:`, else one sentence made from its kind and arguments
    (`required_columns_filled`: from the columns of its model marked required)."""
    if test.get("description"):
        return test["description"]
    metadata = test.get("test_metadata") or {}
    if metadata.get("name") == "required_columns_filled" and model is not None:
        return f"Never empty: {_listed(required_columns(model))}."
    describe = _TEST_SENTENCES.get(metadata.get("name"))
    if describe is None:  # a singular test (dbt/tests/*.sql) or a kind not listed below
        return f"The query of dbt test `{test['name']}` finds no offending row."
    kwargs = {k: v for k, v in (metadata.get("kwargs") or {}).items() if k != "model"}
    return describe(kwargs)


def required_columns(model: Mapping[str, Any]) -> list[str]:
    """The columns the YAML marks `config: {meta: {required: true}}`, which the dbt test
    `required_columns_filled` checks (dbt/macros/required_columns.sql reads the same mark)."""
    return [
        column["name"]
        for column in model.get("columns", {}).values()
        if (column.get("meta") or {}).get("required")
    ]


def _listed(values) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _ref_name(ref: str) -> str:
    """`ref('file_manifest')` or `source('raw', 'plans')` -> the relation's name."""
    names = re.findall(r"'([^']+)'", ref)
    return names[-1] if names else ref


def _range(kw: Mapping[str, Any]) -> str:
    low, high = kw.get("min_value"), kw.get("max_value")
    if low is not None and high is not None:
        return f"`{kw['column_name']}` is between {low} and {high}."
    if low is not None:
        return f"`{kw['column_name']}` is at least {low}."
    return f"`{kw['column_name']}` is at most {high}."


_TEST_SENTENCES = {
    "not_null": lambda kw: f"`{kw['column_name']}` is never empty.",
    "unique": lambda kw: f"No two rows share a `{kw['column_name']}`.",
    "accepted_values": lambda kw: f"`{kw['column_name']}` is one of {_listed(kw['values'])}.",
    "relationships": lambda kw: (
        f"Every `{kw['column_name']}` is a `{kw['field']}` of `{_ref_name(kw['to'])}`."
    ),
    "accepted_range": _range,
    "expression_is_true": lambda kw: (
        f"`{' '.join(filter(None, [kw.get('column_name'), kw['expression']]))}` holds on every row."
    ),
    "unique_combination_of_columns": lambda kw: (
        f"No two rows share the same {_listed(kw['combination_of_columns'])}."
    ),
    "equal_columns_sum": lambda kw: (
        f"`{kw['column_name']}` = {' + '.join(f'`{c}`' for c in kw['summands'])} on every row."
    ),
}


# Code references: the model's SQL file is linked from the asset (the code view), so the
# description needs no copy of the SQL.
TRANSLATOR = WarehouseTranslator(DagsterDbtTranslatorSettings(enable_code_references=True))


MANIFEST = with_short_check_names(json.loads(dbt_project.manifest_path.read_text()))


@dbt_assets(manifest=MANIFEST, project=dbt_project, dagster_dbt_translator=TRANSLATOR)
def warehouse_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    paths: PipelinePaths,
    writer: WarehouseWriter,
    thresholds: QualityThresholds,
):
    """`dbt build`: models and their tests; a failing test stops what depends on it."""
    settings = paths.settings
    export_build_db(settings)
    # dbt holds the file while it runs; the row counts and previews are read after it.
    invocation = dbt.cli(
        [*DBT_BUILD_ARGS, *thresholds.dbt_args()],
        context=context,
        raise_on_error=False,
        target_path=seeded_with_parse_state(target_path_for(settings.build_db)),
    )
    events = list(_counted(invocation.stream(), _node_count(context)))
    keys = context.assets_def.keys_by_output_name
    failed_queries = failed_test_queries(
        events, lambda: invocation.get_artifact("run_results.json")
    )
    with connect(settings.build_db, read_only=True) as con:
        for event in events:
            if isinstance(event, dg.Output):
                event = event.with_metadata(
                    {**event.metadata, **_table_metadata_or_none(con, keys[event.output_name])}
                )
            yield with_failing_rows(con, event, failed_queries)
    if not invocation.is_successful():
        raise invocation.get_error()  # after the events, so failed tests show as checks


# The data tests run on every build (they are blocking checks); the unit tests test the
# SQL on fixed rows, not the data, so `make test` runs them (tests/dbt_fixtures) and a
# run does not pay their ~4 s again. Threads: one per core (measured in docs/DESIGN.md).
DBT_BUILD_ARGS = [
    "build",
    "--exclude",
    "resource_type:unit_test",
    "--threads",
    str(os.cpu_count() or 1),
]


def target_path_for(build_db: Path) -> Path:
    """dbt's target folder of one build file, the same on every run of it.

    dagster-dbt gives each invocation a new folder by default, so dbt never finds its
    partial-parse file and parses the whole project again (~9 s of CPU here). One folder
    per build file keeps it; runs on one build file are serialized by the writer lock, so
    no two dbt processes share a folder. (A new build file's folder starts from `make
    setup`'s parse state: `seeded_with_parse_state`.)
    """
    digest = hashlib.sha256(str(build_db.resolve()).encode()).hexdigest()[:12]
    return DBT_PROJECT_DIR / "target" / f"build-{digest}"


# dbt's parse state of the project, kept by `make setup` from a `dbt parse` with the build
# file named as `ict-dbt` names it (dagster_project/transform/dbt_child.py).
PARSE_STATE = DBT_PROJECT_DIR / "target" / "parse_state.msgpack"
PARSE_STATE_NAME = "partial_parse.msgpack"  # where dbt looks for it in a target folder


def seeded_with_parse_state(target: Path) -> Path:
    """`target`, given `make setup`'s parse state if it has none of its own yet.

    A new build file's first run would otherwise parse the whole project (~4 s of CPU
    here, tens of seconds on a loaded machine). dbt checks the copy as it checks its own
    file: another profile, dbt version or dbt_project.yml and it parses everything; a
    changed model or test file and it parses that file again (tests/integration/
    test_dbt_parse_state.py).
    """
    state = target / PARSE_STATE_NAME
    if not state.exists() and PARSE_STATE.exists():
        target.mkdir(parents=True, exist_ok=True)
        partial = state.with_name(f"{state.name}.{os.getpid()}.copying")
        shutil.copyfile(PARSE_STATE, partial)
        partial.replace(state)  # whole or absent: dbt never reads half a copy
    return target


def _node_count(context: dg.AssetExecutionContext) -> int:
    """Models and data tests this step runs: one result event each (a check is an output
    of the step too)."""
    return len(context.selected_output_names)


def _counted(events, total: int):
    """The events, telling the progress bar of each model built and test run."""
    done = 0
    for event in events:
        if isinstance(event, dg.Output | dg.AssetCheckResult | dg.AssetCheckEvaluation):
            done += 1
            progress.count(done, max(done, total))
        yield event


def _table_metadata_or_none(con, key: dg.AssetKey) -> dict:
    """Row count, schema and preview of a model's relation (`<schema>/<name>` keys)."""
    schema, name = key.path[-2], key.path[-1]
    try:
        return table_metadata(con, schema, name)
    except duckdb.Error:  # not a relation (an ephemeral model): no metadata, no failure
        return {}
