"""What a run would lose against the last published state, before it may publish.

A reference file that lost its rows (a registry with its header only), a catalogue
that lost most of its codes, or a whole province gone rejects thousands of good rows
and, published, replaces every figure by nothing. None of that is a failing dbt test:
the marts are just emptier. So the build is compared with the published warehouse:

- rows accepted: none at all while rows were received, or fewer than
  (100 − max_drop_pct)% of those published;
- reference tables (catalogue, registry, plans): empty, or fewer than
  (100 − max_drop_pct)% of the published rows;
- provinces: one with figures in the published marts has none in the build;
- figures: a published actual value or percent of plan that the build leaves empty.

Each finding says what collapsed, by how much and the likely reason (the rejected rows'
checks). A deliberate removal is published by setting ICT_ACCEPT_LOSSES=1 for one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.common.sql import quote_identifier, sql_string

REFERENCE_TABLES = ("indicators", "reporting_units", "plans")
PUBLISHED = "published"


@dataclass(frozen=True)
class Loss:
    what: str  # e.g. "raw.reporting_units", "province 26", "26 2023 H1 BCVT_REVENUE"
    published: str | None  # the published count or figure, as text
    now: str  # the build's
    why: str


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params=()) -> int:
    return con.execute(sql, list(params)).fetchone()[0]


def _has_table(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> bool:
    return bool(
        _scalar(
            con,
            "select count(*) from duckdb_tables() "
            "where database_name = ? and schema_name = ? and table_name = ?",
            (catalog, schema, table),
        )
    )


def _rejections(con: duckdb.DuckDBPyConnection, prefix: str) -> str:
    """The commonest reasons rows of files under `prefix` were rejected, for a message."""
    rows = con.execute(
        """
        select check_name, count(*) as n from raw.rejected_rows
        where starts_with(file_path, ?)
        group by all order by n desc, check_name limit 3
        """,
        [prefix],
    ).fetchall()
    return ", ".join(f"{check} ×{n}" for check, n in rows) or "no rows rejected"


def _dropped(now: int, before: int | None, max_drop_pct: float) -> bool:
    return before is not None and before > 0 and now < before * (100 - max_drop_pct) / 100


def find_losses(
    con: duckdb.DuckDBPyConnection, published: Path | None, max_drop_pct: float
) -> list[Loss]:
    """Compare the build (`con`) with the published warehouse file, if there is one."""
    attached = _attach_published(con, published)
    try:
        return _accepted_rows(con, attached, max_drop_pct) + (
            _reference_rows(con, attached, max_drop_pct)
            + (_provinces_and_figures(con) if attached else [])
        )
    finally:
        if attached:
            con.execute(f"detach {PUBLISHED}")


def _attach_published(con: duckdb.DuckDBPyConnection, published: Path | None) -> bool:
    """Attach the published file; False when there is none, or none DuckDB can read (a
    damaged published file holds nothing to lose: this run replaces it)."""
    if published is None or not published.exists():
        return False
    try:
        con.execute(f"attach {sql_string(published)} as {PUBLISHED} (read_only)")
    except duckdb.Error:
        return False
    return True


def _accepted_rows(con, attached: bool, max_drop_pct: float) -> list[Loss]:
    received, accepted = con.execute(
        "select coalesce(sum(received_rows), 0), coalesce(sum(accepted_rows), 0) "
        "from raw.file_manifest"
    ).fetchone()
    before = None
    if attached and _has_table(con, PUBLISHED, "raw", "file_manifest"):
        before = _scalar(
            con, f"select coalesce(sum(accepted_rows), 0) from {PUBLISHED}.raw.file_manifest"
        )
    if (received > 0 and accepted == 0) or _dropped(accepted, before, max_drop_pct):
        why = f"{received} rows received; rejected by: {_rejections(con, 'submissions/')}"
        return [Loss("accepted submission rows", _text(before), str(accepted), why)]
    return []


def _reference_rows(con, attached: bool, max_drop_pct: float) -> list[Loss]:
    losses = []
    for table in REFERENCE_TABLES:
        now = _scalar(con, f"select count(*) from {quote_identifier('raw', table)}")
        before = None
        if attached and _has_table(con, PUBLISHED, "raw", table):
            published_table = quote_identifier(PUBLISHED, "raw", table)
            before = _scalar(con, f"select count(*) from {published_table}")
        empty = now == 0 and table != "plans"
        if empty or _dropped(now, before, max_drop_pct):
            path = f"reference/{table}.csv"
            why = f"{path} rows rejected by: {_rejections(con, path)}"
            losses.append(Loss(f"raw.{table} rows", _text(before), str(now), why))
    return losses


def _provinces_and_figures(con) -> list[Loss]:
    if not _has_table(con, PUBLISHED, "marts", "halfyear_vs_plan"):
        return []
    provinces = con.execute(
        f"""
        select province_code from {PUBLISHED}.marts.halfyear_vs_plan
        where actual_value is not null
        except
        select province_code from marts.halfyear_vs_plan where actual_value is not null
        order by 1
        """
    ).fetchall()
    losses = [
        Loss(f"province {code}", "has figures", "none", "no accepted values for it any more")
        for (code,) in provinces
    ]
    gone = {code for (code,) in provinces}
    figures = con.execute(
        f"""
        select p.province_code, p.year, p.period, p.indicator_code,
               p.actual_value::double, p.pct_of_plan, b.actual_value::double
        from {PUBLISHED}.marts.halfyear_vs_plan as p
        left join marts.halfyear_vs_plan as b
            on p.province_code = b.province_code and p.year = b.year
            and p.period = b.period and p.indicator_code = b.indicator_code
        where (p.actual_value is not null and b.actual_value is null)
           or (p.pct_of_plan is not null and b.pct_of_plan is null)
        order by all
        """
    ).fetchall()
    for province, year, period, code, actual, pct, actual_now in figures:
        if province in gone:
            continue
        if actual_now is None:
            why = "no accepted value for it any more"
            losses.append(Loss(f"{province} {year} {period} {code}", _text(actual), "none", why))
        else:
            why = "its plan is missing or was rejected"
            what = f"{province} {year} {period} {code} % of plan"
            losses.append(Loss(what, f"{pct:.1f}%", "none", why))
    return losses


def _text(value) -> str | None:
    return None if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def describe(losses: list[Loss], limit: int = 20) -> str:
    lines = [
        f"- {loss.what}: published {loss.published or '—'}, now {loss.now} ({loss.why})"
        for loss in losses[:limit]
    ]
    if len(losses) > limit:
        lines.append(f"- … and {len(losses) - limit} more")
    return "\n".join(lines)
