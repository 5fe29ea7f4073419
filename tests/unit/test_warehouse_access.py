"""DuckDB connections of the pipeline read no file but their own (SPEC: DuckDB reads
files only under raw/; here it reads none at all, since Python reads the inputs)."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.publish.warehouse import connect


def test_a_query_cannot_read_write_or_attach_another_file(tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("a\n1\n")
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with connect(tmp_path / "build.duckdb") as con:
        con.execute("create table t as select 42 as answer")  # its own file: fine
        for sql in (
            f"select * from read_csv('{outside}')",
            f"copy t to '{tmp_path / 'out.csv'}'",
            f"attach '{other}' as other",
            "set enable_external_access = true",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
    assert not (tmp_path / "out.csv").exists()


def test_a_file_named_readable_can_be_attached_read_only(tmp_path):
    published = tmp_path / "published.duckdb"
    with duckdb.connect(str(published)) as con:
        con.execute("create table t as select 7 as n")
    with connect(tmp_path / "build.duckdb", also_readable=(published,)) as con:
        con.execute(f"attach '{published}' as published (read_only)")
        assert con.execute("select n from published.t").fetchone() == (7,)
