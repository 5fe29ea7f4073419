"""The committed sample in `raw/` is exactly what `scripts/generate_sample_data.py` writes.

The totals themselves are checked where they matter, on the warehouse a real pipeline
run builds (tests/integration); here we only make sure nobody edits the data by hand or
changes the generator without regenerating.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "scripts" / "generate_sample_data.py"
REGENERATE = ".venv/bin/python scripts/generate_sample_data.py raw"


def _generate(out: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), str(out)], check=True, capture_output=True)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    _generate(tmp_path / "raw")
    written, committed = _tree(tmp_path / "raw"), _tree(ROOT / "raw")

    assert sorted(written) == sorted(committed), f"file lists differ; run `{REGENERATE}`"
    changed = sorted(path for path in committed if committed[path] != written[path])
    assert not changed, f"{len(changed)} files differ, e.g. {changed[:3]}; run `{REGENERATE}`"


def test_regenerating_leaves_no_stale_files(tmp_path):
    out = tmp_path / "raw"
    _generate(out)
    stale = out / "submissions" / "2021" / "12" / "OLD_2021-12.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("unit_code,period,indicator_code,value\n", encoding="utf-8")

    _generate(out)

    assert not stale.exists()
