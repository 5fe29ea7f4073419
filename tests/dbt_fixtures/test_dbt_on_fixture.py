"""The dbt project alone: build it (models, data tests, unit tests) on the hand-made
`raw` fixture and check the marts against the numbers worked out by hand."""

from __future__ import annotations

from tests.dbt_fixtures import check_marts, dbt_on_fixture


def test_dbt_build_on_fixture_gives_the_hand_worked_marts(tmp_path):
    db, dbt = dbt_on_fixture(tmp_path)
    result = dbt("build")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    check_marts.check(db)
