"""The registry (dagster_project/catalog): generated files, DDL, codes, quoting, limits."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from dagster_project.catalog import codes, generate, thresholds
from dagster_project.catalog.tables import RAW_TABLES
from dagster_project.common.sql import quote_identifier
from dagster_project.ingest.tables import raw_schema_ddl


def test_generated_files_are_the_registrys():
    drifted = generate.drifted_files()
    assert drifted == [], (
        f"{', '.join(map(str, drifted))} differ from the registry: run "
        "`python -m dagster_project.catalog.generate` and commit the result"
    )


def test_a_hand_edit_of_a_generated_file_is_found(tmp_path):
    copy = tmp_path / generate.SOURCES_YML
    copy.parent.mkdir(parents=True)
    shutil.copy(generate.ROOT / generate.SOURCES_YML, copy)
    assert generate.drifted_files(tmp_path) == []
    copy.write_text(copy.read_text(encoding="utf-8").replace("Plan year.", "Year."), "utf-8")
    assert generate.drifted_files(tmp_path) == [generate.SOURCES_YML]


def test_a_hand_edit_of_a_models_code_list_is_found(tmp_path):
    marts = Path("dbt/models/marts/_marts.yml")
    copy = tmp_path / marts
    copy.parent.mkdir(parents=True)
    shutil.copy(generate.ROOT / marts, copy)
    assert marts not in generate.drifted_files(tmp_path)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace('"no_plan", "no_data"]', '"no_plan"]'), "utf-8")
    assert marts in generate.drifted_files(tmp_path)
    assert generate.with_code_lists(copy.read_text(encoding="utf-8")) == text


def test_a_code_list_line_names_a_list_of_the_registry():
    line = "                values: [H1]  # codes.PERIODS\n"
    assert generate.with_code_lists(line) == (
        '                values: ["H1", "H2", "FY"]  # codes.PERIODS\n'
    )
    with pytest.raises(ValueError, match=r"codes\.NO_SUCH_LIST is not a code list"):
        generate.with_code_lists("    values: []  # codes.NO_SUCH_LIST\n")


def test_no_model_restates_a_registry_list_by_hand():
    """An accepted_values list equal to one of codes.py's carries its `# codes.` name."""
    registry = {
        tuple(value): name
        for name, value in vars(codes).items()
        if name.isupper() and isinstance(value, tuple)
    }
    for path in generate.MODEL_YMLS:
        for line in (generate.ROOT / path).read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if not stripped.startswith("values: [") or "# codes." in stripped:
                continue
            listed = tuple(v.strip(' "') for v in stripped[9:].rstrip("]").split(","))
            assert listed not in registry, f"{path}: {stripped} is codes.{registry[listed]}"


def test_sources_yml_tests_each_code_column_with_its_list():
    text = generate.sources_yml()
    assert text.count("- accepted_values:") == 9
    assert (
        "name: raw_submission_values_status_known\n"
        "                  arguments:\n"
        '                    values: ["actual", "estimate"]\n'
    ) in text
    assert 'values: ["<=", "<", "=", ">=", ">"]' in text


def test_every_code_column_names_a_code_list_and_a_short_unique_test():
    coded = [(t.name, c) for t in RAW_TABLES.values() for c in t.columns if c.codes]
    assert {c.codes for _, c in coded} <= set(codes.CODE_LISTS)
    names = [generate.accepted_values_test_name(table, c.name) for table, c in coded]
    assert len(set(names)) == len(names) == 9
    assert max(map(len, names)) <= generate.MAX_TEST_NAME


def test_a_test_name_too_long_for_the_checks_list_is_refused():
    with pytest.raises(ValueError, match="longer than 40 characters"):
        generate.accepted_values_test_name("reporting_calendar", "deadline_months_after")


def test_the_raw_ddl_creates_every_table_with_the_registrys_columns_and_types():
    con = duckdb.connect()
    con.execute(raw_schema_ddl())
    found = con.execute(
        "select table_name, column_name, data_type, is_nullable "
        "from information_schema.columns where table_schema = 'raw' "
        "order by table_name, ordinal_position"
    ).fetchall()
    expected = sorted(
        (
            (
                t.name,
                c.name,
                c.nullable_sql.replace(", ", ","),
                "NO" if c.sql.endswith("NOT NULL") else "YES",
            )
            for t in RAW_TABLES.values()
            for c in t.columns
        ),
        key=lambda row: row[0],  # stable: keeps each table's column order
    )
    assert found == expected
    assert len(found) == 93


def test_identifiers_are_quoted_with_their_quotes_escaped():
    assert quote_identifier("raw", "left") == '"raw"."left"'
    assert quote_identifier('a"b') == '"a""b"'
    odd = 'a"b'
    con = duckdb.connect()
    con.execute(f"create table {quote_identifier(odd)} (x integer)")
    con.execute(f"insert into {quote_identifier('main', odd)} values (7)")
    assert con.execute('select x from "a""b"').fetchall() == [(7,)]


def test_dbt_limits_are_read_from_dbt_project_yml():
    assert thresholds.dbt_var("parent_sum_tolerance_pct") == 1
    assert thresholds.dbt_var("value_scale_jump_factor") == 10
    with pytest.raises(KeyError, match=r"'no_such_limit' is not a var of .*dbt_project\.yml"):
        thresholds.dbt_var("no_such_limit")


def test_status_labels_cover_every_status_in_both_languages():
    assert codes.STATUSES == ("ahead", "on_track", "behind", "no_plan", "no_data")
    assert set(codes.STATUS_EN) == set(codes.STATUS_VI)
    assert set(codes.PERIOD_LABEL_EN) == set(codes.PERIOD_LABEL_VI) == set(codes.PERIODS)


def test_the_feedback_files_label_columns_as_the_registry_does():
    from dagster_project.report.feedback import _shown_column

    assert _shown_column("value") == "Giá trị (value)"
    assert _shown_column("as_of") == "Tính đến ngày (as\\_of)"
    assert _shown_column("no_such_column") == "no\\_such\\_column"


def test_received_rows_are_accepted_plus_rejected_in_sql_and_in_words():
    from dagster_project.catalog.tables import rows_accounted_for_sql, rows_accounted_for_text

    assert rows_accounted_for_sql() == "received_rows = accepted_rows + rejected_rows"
    assert rows_accounted_for_text() == "received = accepted + rejected"
    con = duckdb.connect()
    con.execute(raw_schema_ddl())
    con.execute(
        "insert into raw.file_manifest (file_path, outcome, received_rows, accepted_rows, "
        "rejected_rows) values ('a.csv', 'loaded', 5, 4, 1), ('b.csv', 'loaded', 5, 4, 0)"
    )
    unaccounted = con.execute(
        f"select file_path from raw.file_manifest where not ({rows_accounted_for_sql()})"
    ).fetchall()
    assert unaccounted == [("b.csv",)]


def test_check_limits_and_their_descriptions_come_from_the_thresholds():
    from dagster_project.orchestration import checks
    from dagster_project.orchestration.resources import QualityThresholds

    defaults = QualityThresholds()
    assert (defaults.max_pct_of_plan, defaults.parent_tolerance_pct) == (1000.0, 0.01)
    assert (defaults.min_completeness_pct, defaults.max_drop_pct) == (90.0, 50.0)
    described = {
        spec.name: spec.description for check in checks.ASSET_CHECKS for spec in check.check_specs
    }
    assert "a value 10x or 1/10 of the unit's median" in described["open_reviews"]
    assert "by more than 50%" in described["open_reviews"]
    assert described["rows_accounted_for"] == (
        "Every file's rows are accounted for: received = accepted + rejected."
    )


def _dbt_tests() -> dict[str, dict]:
    """The data tests of the parsed dbt project (dbt/target/manifest.json), by name."""
    manifest = json.loads((generate.ROOT / "dbt" / "target" / "manifest.json").read_text())
    return {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "test"}


def test_the_checks_of_the_figures_are_dbt_tests_with_the_limits_of_dbt_project_yml():
    tests = _dbt_tests()
    blocking = tests["pct_of_plan_plausible"]
    assert blocking["config"]["severity"].upper() == "ERROR"  # a unit slip stops publication
    assert "(default 1000%)" in blocking["description"]
    assert blocking["test_metadata"]["kwargs"]["max_pct"] == "{{ var('max_pct_of_plan') }}"
    assert tests["parts_sum_to_parent"]["config"]["severity"].upper() == "WARN"
    assert "(default 0.01%)" in tests["parts_sum_to_parent"]["description"]
    assert tests["completeness_by_sector"]["config"]["severity"].upper() == "WARN"
    assert "(default 90%)" in tests["completeness_by_sector"]["description"]


def test_every_overridable_limit_is_a_dbt_var_a_resource_field_and_used_by_a_test():
    from dagster_project.orchestration.resources import QualityThresholds

    used = {
        value
        for test in _dbt_tests().values()
        for value in (test.get("test_metadata") or {}).get("kwargs", {}).values()
        if isinstance(value, str)
    }
    for name in thresholds.DBT_LIMITS:
        assert getattr(QualityThresholds(), name) == thresholds.dbt_var(name)
        assert f"{{{{ var('{name}') }}}}" in used, f"no dbt test reads var {name!r}"


def test_only_overridden_limits_are_passed_to_dbt():
    from dagster_project.orchestration.resources import QualityThresholds

    assert QualityThresholds().dbt_args() == []  # same vars: dbt's partial parse holds
    strict = QualityThresholds(max_pct_of_plan=50, min_completeness_pct=90)
    assert strict.dbt_args() == ["--vars", '{"max_pct_of_plan": 50.0}']


def test_the_forms_labels_are_headers_the_readers_know():
    from dagster_project.catalog.tables import form_labels_vi
    from dagster_project.ingest.read.csv_reader import SUBMISSION_COLUMNS
    from dagster_project.ingest.read.text import header_key

    form = form_labels_vi("submission_values")
    assert form["value"] == "Thực hiện" and form["submitted_at"] == "Ngày báo cáo"
    for spec in SUBMISSION_COLUMNS:
        known = {header_key(name) for name in (spec.name, *spec.aliases)}
        assert header_key(form[spec.name]) in known, spec.name


def test_reference_tables_say_whether_their_file_may_be_absent():
    """The registry's `reference_file` is what the loader obeys; the description agrees."""
    from dagster_project.catalog.tables import RAW_TABLES
    from dagster_project.ingest.load.reference import ReferenceFile

    reference = {name: t.reference_file for name, t in RAW_TABLES.items() if t.reference_file}
    assert reference == {
        "indicators": "required",
        "reporting_units": "required",
        "plans": "required",
        "provinces": "optional",
        "reporting_calendar": "optional",
        "validation_rules": "optional",
        "reviews": "optional",
    }
    for name, kind in reference.items():
        assert ReferenceFile(name).optional_file == (kind == "optional")
        assert f"raw/reference/{name}.csv" in RAW_TABLES[name].description
        assert ("optional" in RAW_TABLES[name].description) == (kind == "optional")


def test_every_file_column_names_a_parser_and_every_parser_is_used():
    """How a cell's text is typed is the registry's (`Column.parse`), written once."""
    from dagster_project.catalog.tables import RAW_TABLES
    from dagster_project.ingest.check.contracts import PARSERS, parsers_for

    for table in RAW_TABLES.values():
        for column in table.columns:
            assert column.parse in PARSERS, f"{table.name}.{column.name}: {column.parse!r}"
    parsed = {
        column.parse
        for table in RAW_TABLES.values()
        for column in table.columns
        if column.name in parsers_for(table.name)
    }
    # "bool" is only the default of boolean columns no file carries (nothing parses them).
    assert set(PARSERS) - parsed == {"bool"}
    assert RAW_TABLES["submission_values"].column("period").parse == "month"
    assert RAW_TABLES["plans"].column("plan_value").parse == "number"


def test_every_warning_a_model_or_a_reader_writes_is_in_the_registry():
    from dagster_project.ingest.check import row_warnings

    models = (generate.ROOT / "dbt" / "models").rglob("*.sql")
    in_sql = {
        name
        for model in models
        for name in re.findall(r"'(\w+)' as check_name", model.read_text(encoding="utf-8"))
    }
    in_readers = set(row_warnings._CHECK_BY_ENCODINGS.values())
    assert len(in_sql) == 5 and len(in_readers) == 3
    assert in_sql | in_readers == set(codes.WARNING_CHECKS)
