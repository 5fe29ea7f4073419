"""The short summary `make run` prints: what was read, what was published, where."""

from __future__ import annotations

from dagster_project.catalog.codes import BEHIND
from dagster_project.common.settings import Settings
from dagster_project.publish.warehouse import connect
from dagster_project.report.model import safe_name_part


def summarize(settings: Settings) -> str:
    with connect(settings.warehouse, read_only=True) as con:
        files = dict(
            con.execute(
                "select outcome, count(*) from quality.file_manifest group by all order by 1"
            ).fetchall()
        )
        received, accepted, rejected = con.execute(
            """
            select coalesce(sum(received_rows), 0), coalesce(sum(accepted_rows), 0),
                   coalesce(sum(rejected_rows), 0)
            from quality.file_manifest
            """
        ).fetchone()
        reference = con.execute(
            """
            select file_path, count(distinct row_number) as n_rows,
                   string_agg(distinct check_name, ', ' order by check_name) as checks
            from quality.rejected_rows
            where starts_with(file_path, 'reference/')
            group by all
            order by all
            """
        ).fetchall()
        periods = con.execute(
            """
            select province_code, year, period,
                   count(*) filter (where actual_value is not null) as with_data,
                   count(*) filter (where status = ?) as behind
            from marts.halfyear_vs_plan
            group by all
            having with_data > 0
            order by all
            """,
            [BEHIND],
        ).fetchall()
    # The reports of the periods now in the marts, not stale files of periods gone since.
    stems = {"_".join(map(safe_name_part, (p, str(y), per))) for p, y, per, _, _ in periods}
    reports = [
        path
        for path in (settings.reports_dir.glob("*") if settings.reports_dir.exists() else [])
        if path.name.split(".")[0] in stems
    ]
    lines = [
        "",
        "Done.",
        f"  Warehouse (DuckDB, query with SQL): {settings.warehouse}",
        f"  Reports ({len(reports)} files):          {settings.reports_dir}",
        "  Files: " + ", ".join(f"{n} {outcome}" for outcome, n in files.items()),
        f"  Rows: {received} received = {accepted} accepted + {rejected} rejected"
        + ("  (see quality.rejected_rows)" if rejected else ""),
    ]
    lines += [
        f"  Reference rows rejected: {path} {n} rows ({checks}; see quality.rejected_rows)"
        for path, n, checks in reference
    ]
    lines.append(
        "  Periods with data (province year period: indicators with data, behind plan):"
    )
    lines += [f"    {p} {y} {per}: {n} indicators, {b} behind" for p, y, per, n, b in periods]
    lines += review_lines(settings)
    lines.append(
        "  Query it read-only, e.g.: .venv/bin/python -c \"import duckdb; "
        f"print(duckdb.connect('{settings.warehouse}', read_only=True)"
        ".sql('from marts.halfyear_vs_plan limit 5'))\""
    )
    return "\n".join(lines)


def review_lines(settings: Settings) -> list[str]:
    """How many figures wait for a person's review, and where their drafts are."""
    with connect(settings.warehouse, read_only=True) as con:
        waiting = con.execute(
            """
            select province_code, year, period, count(*)
            from marts.halfyear_vs_plan
            where needs_review
            group by all
            order by all
            """
        ).fetchall()
    if not waiting:
        return ["  Review: no figure waits for review"]
    total = sum(n for *_, n in waiting)
    lines = [
        f"  Review: {total} figures wait for review (quality.open_review_flags; decide in "
        "reference/reviews.csv or ask the unit to correct); drafts, no final report:"
    ]
    for province, year, period, n in waiting:
        draft = settings.reports_dir / f"{province}_{year}_{period}.du_thao.md"
        lines.append(f"    {province} {year} {period}: {n} figures, draft {draft}")
    return lines
