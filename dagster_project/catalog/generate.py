"""Write the files derived from the registry: `python -m dagster_project.catalog.generate`.

They are committed (dbt reads them without running Python); `tests/unit/test_catalog.py`
regenerates them in memory and fails, naming the file, when one differs. Two kinds:

* `_sources.yml`, generated whole;
* the `accepted_values` lists of the models' YAML, each line that ends in a comment
  naming its list in `catalog/codes.py` (`values: ["H1", "H2", "FY"]  # codes.PERIODS`):
  the rest of those files is written by hand, that line is rewritten from the list.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from dagster_project.catalog import codes
from dagster_project.catalog.codes import CODE_LISTS
from dagster_project.catalog.columns import Column
from dagster_project.catalog.tables import RAW_TABLES, SCHEMA, SOURCE_DESCRIPTION, Table

ROOT = Path(__file__).resolve().parents[2]
SOURCES_YML = Path("dbt/models/staging/_sources.yml")
# The models' YAML whose accepted_values lines name their code list.
MODEL_YMLS = (
    Path("dbt/models/staging/_staging.yml"),
    Path("dbt/models/intermediate/_intermediate.yml"),
    Path("dbt/models/marts/_marts.yml"),
    Path("dbt/models/quality/_quality.yml"),
)
_CODES_LINE = re.compile(r"^(?P<indent>[ ]*)values: .*  # codes\.(?P<name>[A-Z_]+)$", re.MULTILINE)
# The Dagster checks list shows a test's name: short, and unique across the project.
MAX_TEST_NAME = 40
HEADER = (
    "# Generated from dagster_project/catalog (the registry): do not edit by hand.\n"
    "# Regenerate: python -m dagster_project.catalog.generate\n"
)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def accepted_values_test_name(table: str, column: str) -> str:
    name = f"{SCHEMA}_{table}_{column}_known"
    if len(name) > MAX_TEST_NAME:
        raise ValueError(f"test name {name!r} is longer than {MAX_TEST_NAME} characters")
    return name


def _column_yaml(table: str, column: Column) -> list[str]:
    lines = [
        f"          - name: {column.name}",
        f"            description: {_quoted(column.description)}",
    ]
    if column.codes:
        values = ", ".join(_quoted(code) for code in CODE_LISTS[column.codes])
        lines += [
            "            data_tests:",
            "              - accepted_values:",
            f"                  name: {accepted_values_test_name(table, column.name)}",
            "                  arguments:",
            f"                    values: [{values}]",
        ]
    return lines


def _table_yaml(table: Table) -> list[str]:
    lines = [f"      - name: {table.name}", f"        description: {_quoted(table.description)}"]
    described = [column for column in table.columns if column.description is not None]
    if described:
        lines.append("        columns:")
        for column in described:
            lines += _column_yaml(table.name, column)
    return lines


def sources_yml() -> str:
    """dbt's source `raw`: every raw table and described column, code columns tested."""
    lines = [
        "version: 2",
        "",
        "sources:",
        f"  - name: {SCHEMA}",
        f"    schema: {SCHEMA}",
        f"    description: {_quoted(SOURCE_DESCRIPTION)}",
        "    tables:",
    ]
    for table in RAW_TABLES.values():
        lines += _table_yaml(table)
    return HEADER + "\n".join(lines) + "\n"


def _code_values_line(match: re.Match) -> str:
    name = match["name"]
    found = getattr(codes, name, None)
    if not isinstance(found, tuple):
        raise ValueError(f"codes.{name} is not a code list of dagster_project/catalog/codes.py")
    values = ", ".join(_quoted(code) for code in found)
    return f"{match['indent']}values: [{values}]  # codes.{name}"


def with_code_lists(text: str) -> str:
    """A model YAML with each `# codes.<LIST>` line's values rewritten from the list."""
    return _CODES_LINE.sub(_code_values_line, text)


def generated_files(root: Path = ROOT) -> dict[Path, str]:
    """Each generated file (relative to the repository) and the text it must hold; a
    model YAML's is its text under `root` with the code lists rewritten."""
    files = {SOURCES_YML: sources_yml()}
    for path in MODEL_YMLS:
        if (root / path).is_file():
            files[path] = with_code_lists((root / path).read_text(encoding="utf-8"))
    return files


def drifted_files(root: Path = ROOT) -> list[Path]:
    """The generated files under `root` whose committed text is not the registry's."""
    return [
        path
        for path, text in generated_files(root).items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    ]


def main() -> None:
    for path, text in generated_files().items():
        (ROOT / path).write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
