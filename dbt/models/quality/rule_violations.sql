-- The validation rules that failed, per unit x month and per province x period.
with

results as (
    select * from {{ ref('int_validation_rule_results') }}
),

final as (
    select
        rule_code,
        check_level as level,  -- noqa: RF04
        province_code,
        unit_code,
        year,
        period,
        month_start,
        left_expression,
        operator,
        right_expression,
        left_value,
        right_value,
        difference,
        tolerance_pct,
        importance,
        description_vi,
        description_en
    from results
    where not passes
)

select * from final
