"""The package's folders follow the flow, and imports only go down it.

Each folder's docstring says what it may import; this test holds all of them at once.
A stage may import the stages before it (and `common`, `catalog`), never one after it:
the parsers do not reach into Dagster, a report does not reach into the sensors.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dagster_project"

# Lowest first. A module may import its own layer and the layers before it.
LAYERS = [
    "catalog",
    "common",
    "ingest",  # errors.py and tables.py, shared by every ingest step
    "ingest.files",
    "ingest.read",
    "ingest.check",
    "ingest.load",
    "transform",
    "publish",
    "report",
    "orchestration",
    "service",
    "definitions",
    "cli",
]


def layer_of(module: str) -> int:
    """The index of the most specific layer that holds `module` (dotted, without the package)."""
    matches = [
        i for i, layer in enumerate(LAYERS) if module == layer or module.startswith(layer + ".")
    ]
    assert matches, f"dagster_project.{module} is in no layer: add its folder to LAYERS"
    return max(matches, key=lambda i: len(LAYERS[i]))


def imported_modules(path: Path) -> set[str]:
    """Project modules `path` imports, dotted, without the `dagster_project.` prefix."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("dagster_project.") and _exists(name):
                found.add(name.removeprefix("dagster_project."))
    return found


def _exists(dotted: str) -> bool:
    relative = Path(*dotted.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative).is_dir()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_imports_only_go_down_the_flow():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        if not module:
            continue
        for imported in imported_modules(path):
            if layer_of(imported) > layer_of(module):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_every_folder_says_its_job_and_what_it_may_import():
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if init.parent == PACKAGE:
            continue
        text = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        doc = " ".join(text.split())
        assert "May import" in doc or init.parent.name == "catalog", init
        assert len(doc.split()) >= 15, f"{init}: say the folder's job in a paragraph"


def test_the_check_sees_an_upward_import():
    """The rule bites: a parser importing Dagster's sensors would be reported."""
    assert layer_of("orchestration.sensors") > layer_of("ingest.read.readers")
    assert layer_of("ingest.files.discovery") < layer_of("ingest.read.text")
