-- Warnings that hold a figure for a person's review, besides the scale jumps of
-- int_values_checked_for_plausibility (same columns):
--   revision_jump   a current version that changes the value of the version before it
--                   by more than var('revision_jump_pct') percent (default 50) and by
--                   more than var('revision_jump_min_change') (default 1) in the
--                   indicator's unit, so that a small count revised from 1 to 0 (an
--                   estimated backlog of 1 item) is not a likely error; a revision
--                   that brings the value closer to the unit's median of its previous
--                   months than the version before it (a corrected slip) is not one either
--   rule_failed     a validation rule that fails for a unit and month; it points at the
--                   latest received of the current values involved (the likely cause)
with

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

rule_results as (
    select * from {{ ref('int_validation_rule_results') }}
),

terms as (
    select * from {{ ref('stg_validation_rule_terms') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

recent_months as (
    select * from {{ ref('int_values_compared_with_recent_months') }}
),

with_previous as (
    select
        *,
        lag(value) over (
            partition by unit_code, indicator_code, month_start
            order by version_number
        ) as previous_value
    from versions
),

revision_jumps as (
    select
        units.province_code,
        with_previous.unit_code,
        with_previous.indicator_code,
        with_previous.month_start as period,
        with_previous.file_path,
        with_previous.row_number,
        {{ decimal_text('with_previous.value') }} as value,
        {{ decimal_text('with_previous.previous_value') }} as previous_text,
        cast(round(
            100 * cast(abs(with_previous.value - with_previous.previous_value) as double)
            / cast(with_previous.previous_value as double),
            1
        ) as varchar) as change_pct
    from with_previous
    inner join units
        on with_previous.unit_code = units.unit_code
    left join recent_months
        on
            with_previous.file_path = recent_months.file_path
            and with_previous.row_number = recent_months.row_number
    where
        with_previous.is_current
        and with_previous.previous_value <> 0
        and 100 * cast(abs(with_previous.value - with_previous.previous_value) as double)
        > {{ var('revision_jump_pct') }} * cast(with_previous.previous_value as double)
        and abs(with_previous.value - with_previous.previous_value)
        > {{ var('revision_jump_min_change') }}
        and not coalesce(
            {{ closer_to_median('with_previous.value', 'with_previous.previous_value',
                'recent_months.previous_median') }},
            false
        )
),

revision_jump_warnings as (
    select
        province_code,
        unit_code,
        indicator_code,
        period,
        file_path,
        row_number,
        'value' as column_name,
        value,
        'revision_jump' as check_name,
        'the revised value ' || value || ' differs from the previous version '
        || previous_text || ' by ' || change_pct || '% (more than '
        || {{ var('revision_jump_pct') }} || '%): check the figure and the unit of measure'
            as message,
        'giá trị sửa đổi ' || replace(value, '.', ',') || ' chênh lệch '
        || replace(change_pct, '.', ',') || '% so với lần gửi trước ('
        || replace(previous_text, '.', ',') || '), quá ' || {{ var('revision_jump_pct') }}
        || '%: hãy kiểm tra lại số liệu và đơn vị tính' as message_vi
    from revision_jumps
),

failed_unit_rules as (
    select * from rule_results
    where check_level = 'unit' and not passes
),

involved_rows as (
    select
        failed_unit_rules.rule_code,
        failed_unit_rules.unit_code,
        failed_unit_rules.month_start,
        versions.indicator_code,
        versions.file_path,
        versions.row_number,
        versions.value,
        row_number() over (
            partition by
                failed_unit_rules.rule_code,
                failed_unit_rules.unit_code,
                failed_unit_rules.month_start
            order by versions.received_at desc, versions.file_path desc, versions.row_number desc
        ) as latest_rank
    from failed_unit_rules
    inner join terms
        on failed_unit_rules.rule_code = terms.rule_code
    inner join versions
        on
            failed_unit_rules.unit_code = versions.unit_code
            and failed_unit_rules.month_start = versions.month_start
            and terms.indicator_code = versions.indicator_code
            and versions.is_current
),

rule_warnings as (
    select
        failed_unit_rules.province_code,
        failed_unit_rules.unit_code,
        involved_rows.indicator_code,
        failed_unit_rules.month_start as period,
        involved_rows.file_path,
        involved_rows.row_number,
        'value' as column_name,
        {{ decimal_text('involved_rows.value') }} as value,
        'rule_failed' as check_name,
        'rule ' || failed_unit_rules.rule_code || ' (' || failed_unit_rules.importance
        || ') fails: ' || failed_unit_rules.left_expression || ' = '
        || {{ decimal_text('failed_unit_rules.left_value') }} || ' '
        || failed_unit_rules.operator || ' ' || failed_unit_rules.right_expression || ' = '
        || {{ decimal_text('failed_unit_rules.right_value') }}
        || coalesce(': ' || failed_unit_rules.description_en, '') as message,
        'quy tắc ' || failed_unit_rules.rule_code || ' không thỏa mãn: '
        || failed_unit_rules.left_expression || ' = '
        || replace({{ decimal_text('failed_unit_rules.left_value') }}, '.', ',') || ' '
        || failed_unit_rules.operator || ' ' || failed_unit_rules.right_expression || ' = '
        || replace({{ decimal_text('failed_unit_rules.right_value') }}, '.', ',')
        || coalesce(': ' || failed_unit_rules.description_vi, '') as message_vi,
        failed_unit_rules.importance
    from failed_unit_rules
    inner join involved_rows
        on
            failed_unit_rules.rule_code = involved_rows.rule_code
            and failed_unit_rules.unit_code = involved_rows.unit_code
            and failed_unit_rules.month_start = involved_rows.month_start
            and involved_rows.latest_rank = 1
),

final as (
    select
        *,
        cast(null as varchar) as importance
    from revision_jump_warnings
    union all
    select * from rule_warnings
)

select * from final
