"""Every contract check produces exactly the right rejected row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import polars as pl
import pytest

from dagster_project.ingest.check.contracts import CHECKS, Catalogue, submission_contract
from dagster_project.ingest.load.reference import (
    INDICATORS,
    PLANS,
    PROVINCES,
    REPORTING_UNITS,
    check_indicators,
    check_plans,
    check_provinces,
    check_reporting_units,
)
from dagster_project.ingest.load.submissions import check_submissions, combine
from dagster_project.ingest.read.csv_reader import read_csv_submission, read_csv_table

CATALOGUE = Catalogue(
    unit_codes=frozenset({"BC01", "SO01"}),
    indicator_kinds={
        "POSTAL_REVENUE": "flow",
        "DOCS_OUT": "flow",
        "DOCS_OUT_SIGNED": "flow",
        "DOCS_SIGNED_PCT": "ratio",
    },
    ratio_parts=(("DOCS_OUT_SIGNED", "DOCS_OUT"),),
)
HEADER = "unit_code,period,indicator_code,value,status,as_of,submitted_at,note\n"
FILE = "submissions/2023/06/f.csv"


def submit(*files: tuple[str, str]):
    frames = [(path, read_csv_submission(text.encode()).frame) for path, text in files]
    return check_submissions(combine(frames), CATALOGUE)


def rejected(result) -> list[tuple]:
    return result.checked.rejected_rows.select(
        "file_path", "row_number", "column_name", "value", "check_name"
    ).rows()


def test_a_good_row_is_accepted_and_typed():
    result = submit(
        (
            FILE,
            HEADER + ' bc01 ,Tháng 6/2023,postal_revenue,"1.500,5",Ước,6/6/2023,'
            "2023-07-05 10:30, ghi chú \n",
        )
    )
    assert rejected(result) == []
    assert result.values.rows() == [
        (
            FILE,
            2,
            "BC01",
            date(2023, 6, 1),
            "POSTAL_REVENUE",
            Decimal("1500.5"),
            "estimate",
            date(2023, 6, 6),
            datetime(2023, 7, 5, 10, 30),
            "ghi chú",
        )
    ]


ONE_FAILURE = [
    ("XX01,2023-06,POSTAL_REVENUE,1,,,,", "unit_code", "XX01", "unit_code_known"),
    (",2023-06,POSTAL_REVENUE,1,,,,", "unit_code", None, "unit_code_known"),
    ("BC01,2023-06,NOPE,1,,,,", "indicator_code", "NOPE", "indicator_code_known"),
    (
        "SO01,2023-06,DOCS_SIGNED_PCT,100,,,,",
        "indicator_code",
        "DOCS_SIGNED_PCT",
        "indicator_not_ratio",
    ),
    ("BC01,2023-13,POSTAL_REVENUE,1,,,,", "period", "2023-13", "period_is_month"),
    ('BC01,2023-06,POSTAL_REVENUE,"1,500.5",,,,', "value", "1,500.5", "value_is_number"),
    ("BC01,2023-06,POSTAL_REVENUE, abc ,,,,", "value", " abc ", "value_is_number"),
    ("BC01,2023-06,POSTAL_REVENUE,,,,,", "value", None, "value_is_number"),
    ("BC01,2023-06,POSTAL_REVENUE,-,,,,", "value", "-", "value_is_number"),
    ("BC01,2023-06,POSTAL_REVENUE,-5,,,,", "value", "-5", "value_non_negative"),
    ("BC01,2023-06,POSTAL_REVENUE,1,maybe,,,", "status", "maybe", "status_known"),
    ("BC01,2023-06,POSTAL_REVENUE,1,,31/02/2023,,", "as_of", "31/02/2023", "as_of_is_date"),
    ("BC01,2023-06,POSTAL_REVENUE,1,,1/7/2023,,", "as_of", "1/7/2023", "as_of_in_period"),
    (
        "BC01,2023-06,POSTAL_REVENUE,1,,,yesterday,",
        "submitted_at",
        "yesterday",
        "submitted_at_is_datetime",
    ),
]


@pytest.mark.parametrize(("line", "column", "value", "check"), ONE_FAILURE)
def test_each_submission_check(line, column, value, check):
    good = "BC01,2023-05,POSTAL_REVENUE,7,,,,\n"
    result = submit((FILE, HEADER + good + line + "\n"))
    assert rejected(result) == [(FILE, 3, column, value, check)]
    assert result.values.get_column("row_number").to_list() == [2]
    message = result.checked.rejected_rows.row(0, named=True)
    assert (message["message"], message["message_vi"]) == (CHECKS[check].en, CHECKS[check].vi)


def test_duplicate_key_in_one_file_rejects_every_copy():
    result = submit(
        (
            FILE,
            HEADER
            + "BC01,2023-06,POSTAL_REVENUE,1,,,,\n"
            + "BC01,2023-05,POSTAL_REVENUE,1,,,,\n"
            + "bc01,06/2023,POSTAL_REVENUE,2,estimate,,,\n",
        )
    )
    assert rejected(result) == [
        (FILE, 2, "indicator_code", "POSTAL_REVENUE", "key_unique_in_file"),
        (FILE, 4, "indicator_code", "POSTAL_REVENUE", "key_unique_in_file"),
    ]


def test_the_same_key_in_two_files_is_a_revision_not_a_duplicate():
    line = "BC01,2023-06,POSTAL_REVENUE,1,,,,\n"
    result = submit(("submissions/a.csv", HEADER + line), ("submissions/b.csv", HEADER + line))
    assert rejected(result) == []
    assert result.values.height == 2


def test_ratio_numerator_above_denominator_rejects_the_numerator_row():
    result = submit(
        (
            FILE,
            HEADER
            + "SO01,2023-06,DOCS_OUT,1.146,,,,\n"
            + "SO01,2023-06,DOCS_OUT_SIGNED,1.147,,,,\n"
            + "SO01,2023-05,DOCS_OUT,10,,,,\n"
            + "SO01,2023-05,DOCS_OUT_SIGNED,10,,,,\n"  # equal is fine
            + "SO01,2023-04,DOCS_OUT_SIGNED,10,,,,\n",  # no denominator in the file: fine
        )
    )
    assert rejected(result) == [(FILE, 3, "value", "1.147", "ratio_part_not_above_whole")]


def test_ratio_parts_are_compared_within_one_file_only():
    result = submit(
        ("submissions/a.csv", HEADER + "SO01,2023-06,DOCS_OUT,5,,,,\n"),
        ("submissions/b.csv", HEADER + "SO01,2023-06,DOCS_OUT_SIGNED,9,,,,\n"),
    )
    assert rejected(result) == []


def test_a_row_lists_all_its_failures_in_rule_order():
    result = submit((FILE, HEADER + "XX,2023-13,NOPE,-1,what,,,\n"))
    assert rejected(result) == [
        (FILE, 2, "unit_code", "XX", "unit_code_known"),
        (FILE, 2, "indicator_code", "NOPE", "indicator_code_known"),
        (FILE, 2, "period", "2023-13", "period_is_month"),
        (FILE, 2, "value", "-1", "value_non_negative"),
        (FILE, 2, "status", "what", "status_known"),
    ]


def test_received_equals_accepted_plus_rejected_per_file():
    result = submit(
        (
            "submissions/a.csv",
            HEADER + "BC01,2023-06,POSTAL_REVENUE,1,,,,\nXX,2023-13,NOPE,-1,,,,\n",
        ),
        ("submissions/b.csv", HEADER + "BC01,2023-06,POSTAL_REVENUE,x,,,,\n"),
    )
    assert result.checked.counts.rows() == [
        ("submissions/a.csv", 2, 1, 1),
        ("submissions/b.csv", 1, 0, 1),
    ]


def test_every_rule_has_a_message_in_both_languages():
    for rule in submission_contract(CATALOGUE).rules:
        assert CHECKS[rule.check].en and CHECKS[rule.check].vi
    assert all(m.en != m.vi for m in CHECKS.values())


def test_the_contract_is_a_pandera_schema_with_named_checks():
    schema = submission_contract(CATALOGUE).schema()
    names = {check.name for column in schema.columns.values() for check in column.checks}
    assert {"unit_code_known", "ratio_part_not_above_whole", "key_unique_in_file"} <= names


# --- reference files --------------------------------------------------------------


def reference_frame(spec, text: str) -> pl.DataFrame:
    frame = read_csv_table(text.encode(), spec.columns).frame
    return frame.with_columns(pl.lit(spec.path).alias("file_path"))


def reference_rejects(table) -> list[tuple]:
    return table.checked.rejected_rows.select(
        "row_number", "column_name", "value", "check_name"
    ).rows()


IND_HEADER = (
    "indicator_code,name_vi,kind,numerator_code,denominator_code,parent_code,higher_is_better,"
    "activity\n"
)


def test_indicator_checks():
    table = check_indicators(
        reference_frame(
            INDICATORS,
            IND_HEADER
            + "TOTAL,Tổng,flow,,,,true,\n"  # 2 ok
            + "part_a,Phần A,Flow,,,total,,postal; it\n"  # 3 ok: codes upper-cased
            + "9BAD,Sai,flow,,,,true,x\n"  # 4 format
            + "DUP,Trùng,flow,,,,true,x\n"  # 5 duplicate
            + "DUP,Trùng,flow,,,,true,x\n"  # 6 duplicate
            + "LEVEL,Mức,level,,,,true,x\n"  # 7 kind
            + "SHARE,Tỷ lệ,ratio,PART_A,,,true,x\n"  # 8 no denominator
            + "SHARE2,Tỷ lệ,ratio,NOPE,TOTAL,,true,x\n"  # 9 unknown numerator
            + "ORPHAN,Mồ côi,flow,,,NOPE,true,x\n"  # 10 unknown parent
            + "SELF,Tự,flow,,,SELF,true,x\n"  # 11 own parent
            + "HIB,Cao,flow,,,,maybe,x\n"  # 12 boolean
            + "CHILD,Con,flow,,,HIB,true,x\n",  # 13 parent rejected above: rejected too
        )
    )
    assert reference_rejects(table) == [
        (4, "indicator_code", "9BAD", "indicator_code_format"),
        (5, "indicator_code", "DUP", "indicator_code_unique"),
        (6, "indicator_code", "DUP", "indicator_code_unique"),
        (7, "kind", "level", "kind_known"),
        (8, "denominator_code", None, "ratio_denominator_known"),
        (9, "numerator_code", "NOPE", "ratio_numerator_known"),
        (10, "parent_code", "NOPE", "parent_known"),
        (11, "parent_code", "SELF", "parent_known"),
        (12, "higher_is_better", "maybe", "higher_is_better_is_boolean"),
        (13, "parent_code", "HIB", "parent_known"),
    ]
    assert table.rows.select(
        "indicator_code", "kind", "parent_code", "higher_is_better", "activity"
    ).rows() == [
        ("TOTAL", "flow", None, True, None),
        ("PART_A", "flow", "TOTAL", True, "postal;it"),
    ]


UNIT_HEADER = "unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to\n"


def test_reporting_unit_checks():
    table = check_reporting_units(
        reference_frame(
            REPORTING_UNITS,
            UNIT_HEADER
            + "bc01,Bưu điện,Enterprise,26,postal,0110841705-061,2010-07-25,\n"  # 2 ok
            + "DUP,A,agency,26,x,,2010-01-01,\n"  # 3
            + "DUP,B,agency,26,x,,2010-01-01,\n"  # 4
            + "C1,C,company,26,x,,2010-01-01,\n"  # 5 unit_type
            + "C2,C,agency,26, ; ,,2010-01-01,\n"  # 6 activities
            + "C3,C,agency,26,x,12345,2010-01-01,\n"  # 7 tax code
            + "C4,C,agency,26,x,,,\n"  # 8 active_from missing
            + "C5,C,agency,26,x,,2010-01-01,soon\n"  # 9 active_to
            + "C6,C,agency,26,x,,2020-01-01,2019-12-31\n"  # 10 order
            + "C7,C,agency,,x,,2010-01-01,\n",  # 11 province
        )
    )
    assert reference_rejects(table) == [
        (3, "unit_code", "DUP", "unit_code_unique"),
        (4, "unit_code", "DUP", "unit_code_unique"),
        (5, "unit_type", "company", "unit_type_known"),
        (6, "activities", " ; ", "activities_present"),
        (7, "tax_code", "12345", "tax_code_format"),
        (8, "active_from", None, "active_from_is_date"),
        (9, "active_to", "soon", "active_to_is_date"),
        (10, "active_to", "2019-12-31", "active_dates_ordered"),
        (11, "province_code", None, "province_code_present"),
    ]
    assert table.rows.rows() == [
        (
            "BC01",
            "Bưu điện",
            "enterprise",
            "26",
            "postal",
            "0110841705-061",
            date(2010, 7, 25),
            None,
        )
    ]


PLAN_HEADER = "year,province_code,indicator_code,plan_value,source,plan_source,revised_on\n"


def test_plan_checks():
    table = check_plans(
        reference_frame(
            PLANS,
            PLAN_HEADER
            + "2023,26,TOTAL,2.900,QĐ 1,UBND,\n"  # 2 ok
            + "2023,26,TOTAL,3000,QĐ 2,UBND,2023-07-15\n"  # 3 ok: a revision
            + "2023,26,TOTAL,2500,QĐ 3,HĐND,\n"  # 4 ok: another plan source
            + "23,26,TOTAL,1,x,,\n"  # 5 year
            + "2023,26,NOPE,1,x,,\n"  # 6 indicator
            + '2023,26,TOTAL,"1,500.5",x,TW,\n'  # 7 number
            + "2023,26,TOTAL,-1,x,TW2,\n"  # 8 negative
            + "2023,26,TOTAL,1,x,TW3,someday\n"  # 9 revised_on
            + "2024,26,TOTAL,1,x,,\n"  # 10 duplicate
            + "2024,26,TOTAL,2,y,,\n",  # 11 duplicate
        ),
        indicator_codes={"TOTAL"},
    )
    assert reference_rejects(table) == [
        (5, "year", "23", "year_is_year"),
        (6, "indicator_code", "NOPE", "indicator_code_known"),
        (7, "plan_value", "1,500.5", "plan_value_is_number"),
        (8, "plan_value", "-1", "plan_value_non_negative"),
        (9, "revised_on", "someday", "revised_on_is_date"),
        (10, "indicator_code", "TOTAL", "plan_key_unique"),
        (11, "indicator_code", "TOTAL", "plan_key_unique"),
    ]
    assert table.rows.rows() == [
        (2023, "26", "TOTAL", Decimal("2900"), "QĐ 1", "UBND", None),
        (2023, "26", "TOTAL", Decimal("3000"), "QĐ 2", "UBND", date(2023, 7, 15)),
        (2023, "26", "TOTAL", Decimal("2500"), "QĐ 3", "HĐND", None),
    ]


def test_province_checks_and_absent_file():
    table = check_provinces(
        reference_frame(
            PROVINCES,
            "province_code,name,valid_from,valid_to,successor_code\n"
            + "26,Vĩnh Phúc,1997-01-01,2025-06-30,25\n"  # 2 ok
            + "25,Phú Thọ,1997-01-01,,\n"  # 3 ok
            + "17,Hòa Bình,1991-10-01,2025-06-30,99\n"  # 4 successor
            + "25,Phú Thọ bis,,,\n"  # 5 duplicate of 3
            + "30,X,2020-01-01,2019-01-01,\n",  # 6 order
        )
    )
    assert reference_rejects(table) == [
        (2, "successor_code", "25", "successor_known"),  # its successor's rows are rejected
        (3, "province_code", "25", "province_code_unique"),
        (4, "successor_code", "99", "successor_known"),
        (5, "province_code", "25", "province_code_unique"),
        (6, "valid_to", "2019-01-01", "valid_dates_ordered"),
    ]
    assert check_provinces(None).rows.height == 0


IND_UNIT_HEADER = "indicator_code,name_vi,unit,kind,numerator_code,denominator_code,parent_code\n"


def test_every_indicator_on_a_parent_cycle_is_rejected_and_its_children_with_it():
    table = check_indicators(
        reference_frame(
            INDICATORS,
            IND_UNIT_HEADER
            + "TOP,Tổng,tỷ đồng,flow,,,\n"  # 2 ok
            + "A,Vòng A,tỷ đồng,flow,,,B\n"  # 3 two-cycle A ↔ B
            + "B,Vòng B,tỷ đồng,flow,,,A\n"  # 4
            + "C,Vòng C,tỷ đồng,flow,,,E\n"  # 5 three-cycle C → E → D → C
            + "D,Vòng D,tỷ đồng,flow,,,C\n"  # 6
            + "E,Vòng E,tỷ đồng,flow,,,D\n"  # 7
            + "UNDER_A,Con của A,tỷ đồng,flow,,,A\n"  # 8 below a cycle: parent rejected
            + "OK_CHILD,Con,tỷ đồng,flow,,,TOP\n",  # 9 ok
        )
    )
    assert reference_rejects(table) == [
        (3, "parent_code", "B", "parent_not_in_cycle"),
        (4, "parent_code", "A", "parent_not_in_cycle"),
        (5, "parent_code", "E", "parent_not_in_cycle"),
        (6, "parent_code", "C", "parent_not_in_cycle"),
        (7, "parent_code", "D", "parent_not_in_cycle"),
        (8, "parent_code", "A", "parent_known"),
    ]
    assert table.rows.select("indicator_code", "parent_code").rows() == [
        ("TOP", None),
        ("OK_CHILD", "TOP"),
    ]
    message = table.checked.rejected_rows.row(0, named=True)
    assert (message["message"], message["message_vi"]) == (
        CHECKS["parent_not_in_cycle"].en,
        CHECKS["parent_not_in_cycle"].vi,
    )


def test_a_parent_must_be_a_summable_indicator_of_the_same_kind_and_unit():
    table = check_indicators(
        reference_frame(
            INDICATORS,
            IND_UNIT_HEADER
            + "REVENUE,Doanh thu,tỷ đồng,flow,,,\n"  # 2 ok
            + "STATIONS,Trạm,trạm,stock,,,\n"  # 3 ok
            + "SHARE,Tỷ lệ,%,ratio,REVENUE,REVENUE,\n"  # 4 ok
            + "PART,Phần,Tỷ đồng,flow,,,REVENUE\n"  # 5 ok: unit case ignored
            + "COUNTED,Đếm,tỷ đồng,stock,,,REVENUE\n"  # 6 stock under a flow
            + "MILLIONS,Triệu,triệu đồng,flow,,,REVENUE\n"  # 7 other unit
            + "UNDER_SHARE,Con tỷ lệ,%,flow,,,SHARE\n"  # 8 a ratio as parent
            + "SUB_SHARE,Tỷ lệ con,%,ratio,REVENUE,REVENUE,SHARE\n"  # 9 a ratio as child
            + "NO_UNIT,Không đơn vị,,flow,,,REVENUE\n",  # 10 blank unit ≠ tỷ đồng
        )
    )
    assert reference_rejects(table) == [
        (6, "parent_code", "REVENUE", "parent_same_kind"),
        (7, "parent_code", "REVENUE", "parent_same_unit"),
        (8, "parent_code", "SHARE", "parent_not_ratio"),
        (9, "parent_code", "SHARE", "parent_not_ratio"),
        (9, "parent_code", "SHARE", "ratio_has_no_parent"),
        (10, "parent_code", "REVENUE", "parent_same_unit"),
    ]
    assert table.rows.get_column("indicator_code").to_list() == [
        "REVENUE",
        "STATIONS",
        "SHARE",
        "PART",
    ]


def test_parent_cycles_of_any_length():
    from dagster_project.ingest.check.contracts import codes_in_parent_cycles

    chain = [(f"N{i}", f"N{i + 1}") for i in range(30)] + [("N30", "N0")]
    assert codes_in_parent_cycles(chain) == {f"N{i}" for i in range(31)}
    assert codes_in_parent_cycles(chain[:-1]) == frozenset()
    assert codes_in_parent_cycles([("A", "A"), ("B", None), ("C", "B")]) == frozenset()
    assert codes_in_parent_cycles([("X", "Y"), ("Y", "X"), ("Z", "X")]) == {"X", "Y"}


BOUND_CASES = [
    # (text, check or None when accepted, value stored)
    ("99999999999999999999999", "value_within_bound", None),
    ("1000000000000000", "value_within_bound", None),
    ("1.000.000.000.000.000", "value_within_bound", None),
    ("999999999999999.999999", None, Decimal("999999999999999.999999")),
    ("0.0000001", "value_not_rounded_to_zero", None),
    ("-0,0000004", "value_not_rounded_to_zero", None),
    ("0.0000005", "value_not_rounded_to_zero", None),  # half to even: 0
    ("0.0000015", None, Decimal("0.000002")),  # half to even: up
    ("0.0000025", None, Decimal("0.000002")),  # half to even: down
    ("1,2345675", None, Decimal("1.234568")),
    ("0.0000000", None, Decimal("0")),
    ("0", None, Decimal("0")),
]


@pytest.mark.parametrize(("text", "check", "stored"), BOUND_CASES)
def test_values_must_fit_every_downstream_type(text, check, stored):
    result = submit((FILE, HEADER + f'BC01,2023-06,POSTAL_REVENUE,"{text}",,,,\n'))
    if check is None:
        assert rejected(result) == []
        assert result.values.get_column("value").to_list() == [stored]
    else:
        assert rejected(result) == [(FILE, 2, "value", text, check)]
        assert result.values.height == 0
        row = result.checked.rejected_rows.row(0, named=True)
        assert (row["message"], row["message_vi"]) == (CHECKS[check].en, CHECKS[check].vi)


def test_plan_values_must_fit_every_downstream_type():
    table = check_plans(
        reference_frame(
            PLANS,
            PLAN_HEADER
            + "2023,26,TOTAL,99999999999999999999999,QĐ 1,UBND,\n"  # 2 too large
            + "2023,26,TOTAL,0.0000001,QĐ 1,HĐND,\n"  # 3 rounds to 0
            + "2023,26,TOTAL,999999999999999,QĐ 1,TW,\n",  # 4 ok: just below
        ),
        indicator_codes={"TOTAL"},
    )
    assert reference_rejects(table) == [
        (2, "plan_value", "99999999999999999999999", "plan_value_within_bound"),
        (3, "plan_value", "0.0000001", "plan_value_not_rounded_to_zero"),
    ]
    assert table.rows.get_column("plan_value").to_list() == [Decimal("999999999999999")]
