"""`make bench`: our pipeline against plain DuckDB on the same files, in the same run.

Each case times our command and the plain-DuckDB floor on the same raw folder, one after
the other on this machine, and reports the ratio and the peak memory of the largest
process (RSS). The table is printed and saved as JSON under `bench/results/`. Data is
generated (bench/generate.py, seeded) under `bench/data/`; nothing large is committed.

Cases (`--cases`, default all but `rows_10m`, which takes long; `--scale` shrinks the
national shape for a quick look):
- `sample_warm`: `make run`'s command on the bundled `raw/`, the second of two runs;
  floor: DuckDB reading its CSV files with one `read_csv` glob and summing half-years.
- `national`: 34 provinces × 60 units × 24 months, one CSV per unit and month; floor:
  one `read_csv` glob into a DuckDB file and the half-year sums per province.
- `new_file_2y` / `new_file_1m`: one new file arriving, run as the sensor runs it (its
  folder, named in the run config), into the two-year national history and into a one-month one.
- `rows_10m`: ~10 million rows (national, 204 indicators per file): our ingest and
  validation against DuckDB `read_csv` of the same files into a file.
- `province`, `service_national` (service mode: bench/service.py): one province alone,
  and the nation as one run per province under the daemon, against the embedded run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import service
from bench.generate import national, submission_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable


@dataclass(frozen=True)
class Timing:
    seconds: float
    peak_rss_mb: float


@dataclass(frozen=True)
class Row:
    case: str
    ours_s: float
    duckdb_s: float | None
    ratio: float | None
    peak_rss_mb: float
    note: str


def timed(command: list[str], env: dict[str, str] | None = None) -> Timing:
    """Run a command; its wall time and the peak RSS of its largest process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:])\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(f'BENCH {elapsed:.3f} {peak:.1f} {done.returncode}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", probe, *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("BENCH ")][-1]
    _, seconds, peak, code = line.split()
    if code != "0":
        raise RuntimeError(f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return Timing(float(seconds), float(peak))


def pipeline_env(raw: Path, out: Path) -> dict[str, str]:
    home = out / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster_home.yaml", home / "dagster.yaml")
    return {
        **os.environ,
        "ICT_RAW_DIR": str(raw),
        "ICT_WAREHOUSE": str(out / "warehouse.duckdb"),
        "ICT_REPORTS_DIR": str(out / "reports"),
        "DAGSTER_HOME": str(home),
    }


def ours(raw: Path, out: Path) -> Timing:
    return timed([PYTHON, "-m", "dagster_project.cli", "run"], pipeline_env(raw, out))


FLOOR_SQL = """
create or replace table submissions as
select * from read_csv(
    '{glob}', filename = true, union_by_name = true, all_varchar = true
);
create or replace table units as select * from read_csv('{units}', all_varchar = true);
create or replace table halfyears as
select u.province_code, year(strptime(s.period, '%Y-%m')) as year,
       if(month(strptime(s.period, '%Y-%m')) <= 6, 'H1', 'H2') as period,
       s.indicator_code, sum(try_cast(s.value as decimal(38, 6))) as actual_value
from submissions as s inner join units as u on s.unit_code = u.unit_code
group by all;
"""


def floor(raw: Path, out: Path, *, sums: bool = True) -> Timing:
    """Plain DuckDB: every submission CSV with one glob into a file (and the sums)."""
    out.mkdir(parents=True, exist_ok=True)
    database = out / "floor.duckdb"
    database.unlink(missing_ok=True)
    sql = FLOOR_SQL.format(
        glob=raw / "submissions" / "**" / "*.csv",
        units=raw / "reference" / "reporting_units.csv",
    )
    if not sums:
        sql = sql.split("create or replace table units")[0]
    script = "import duckdb, sys\nduckdb.connect(sys.argv[1]).execute(sys.argv[2])\n"
    return timed([PYTHON, "-c", script, str(database), sql])


SENSOR_RUN = """
import sys
import dagster as dg
from dagster_project.definitions import defs
from dagster_project.orchestration.partitions import folders_run_config
folder = sys.argv[1]
with dg.DagsterInstance.get() as instance:
    job = defs.resolve_job_def("process_submission_files")
    result = job.execute_in_process(instance=instance, run_config=folders_run_config([folder]))
    sys.exit(0 if result.success else 1)
"""


def new_file(raw: Path, out: Path) -> Timing:
    """One late file into an existing history, run as the sensor would (its folder)."""
    month = datetime(2023, 1, 1)
    folder = raw / "submissions" / "01" / "2023" / "01"
    (folder / "P01U001_2023-01_late.csv").write_text(
        submission_text("P01U001", month.date(), ["REVENUE_001"], random.Random(1)),
        encoding="utf-8",
    )
    env = pipeline_env(raw, out)
    return timed([PYTHON, "-c", SENSOR_RUN, "submissions/01/2023/01"], env)


def row(case: str, mine: Timing, plain: Timing | None, note: str = "") -> Row:
    return Row(
        case=case,
        ours_s=round(mine.seconds, 1),
        duckdb_s=round(plain.seconds, 1) if plain else None,
        ratio=round(mine.seconds / plain.seconds, 2) if plain else None,
        peak_rss_mb=round(max(mine.peak_rss_mb, plain.peak_rss_mb if plain else 0), 0),
        note=note,
    )


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def run_cases(cases: list[str], scale: float) -> list[Row]:
    rows: list[Row] = []
    provinces, units = max(1, round(34 * scale)), max(1, round(60 * scale))
    if "sample_warm" in cases:
        out = fresh(DATA / "out" / "sample")
        ours(ROOT / "raw", out)  # cold: sets everything up
        rows.append(row("sample_warm", ours(ROOT / "raw", out), floor(ROOT / "raw", out)))
    if {"national", "new_file_2y"} & set(cases):
        raw = national(fresh(DATA / "national"), provinces, units, 24)
        out = fresh(DATA / "out" / "national")
        shape = f"{provinces}x{units}x24 files"
        rows.append(row("national", ours(raw, out), floor(raw, out), shape))
        if "new_file_2y" in cases:
            two_years = new_file(raw, out)
            rows.append(row("new_file_2y", two_years, None, "sensor run, 2-year history"))
    if "new_file_1m" in cases:
        raw = national(fresh(DATA / "one_month"), provinces, units, 1)
        out = fresh(DATA / "out" / "one_month")
        ours(raw, out)
        rows.append(row("new_file_1m", new_file(raw, out), None, "sensor run, 1-month history"))
    if "province" in cases:
        rows += service.province_rows(DATA, scale, ours, new_file, row)
    if "service_national" in cases:
        raw, out = DATA / "national", DATA / "out" / "national"
        if "national" not in cases:  # the embedded single run to compare with
            raw, out = national(fresh(raw), provinces, units, 24), fresh(out)
            ours(raw, out)
        rows.append(service.service_national_row(DATA, raw, out / "warehouse.duckdb", row, Timing))
    if "rows_10m" in cases:
        raw = national(fresh(DATA / "rows_10m"), provinces, units, 24, indicators=204)
        out = fresh(DATA / "out" / "rows_10m")
        rows.append(row("rows_10m", ours(raw, out), floor(raw, out, sums=False), "end to end"))
    return rows


def print_table(rows: list[Row]) -> None:
    header = f"{'case':<14} {'ours s':>8} {'duckdb s':>9} {'ratio':>6} {'peak MB':>8}  note"
    print(header)
    print("-" * len(header))
    for r in rows:
        duck = f"{r.duckdb_s:>9.1f}" if r.duckdb_s is not None else f"{'—':>9}"
        ratio = f"{r.ratio:>6.2f}" if r.ratio is not None else f"{'—':>6}"
        print(f"{r.case:<14} {r.ours_s:>8.1f} {duck} {ratio} {r.peak_rss_mb:>8.0f}  {r.note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--cases", default="sample_warm,national,new_file_2y,new_file_1m", help="comma-separated"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="share of provinces and units")
    args = parser.parse_args()
    started = time.time()
    rows = run_cases(args.cases.split(","), args.scale)
    print_table(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = RESULTS / f"bench_{stamp}.json"
    target.write_text(
        json.dumps(
            {"at": stamp, "scale": args.scale, "seconds": round(time.time() - started),
             "rows": [asdict(r) for r in rows]},
            indent=2,
        ) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    print(f"saved {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
