-- Every validation rule evaluated where it can be: per unit x month (current values; a
-- code's value is the one submitted for it, else the sum rolled up from below it, so a
-- directly submitted parent is compared with its parts) and per province x year x period
-- (int_period_values, the province's own facts). A side is the sum of its codes' values
-- and exists only where at least one of its codes has a value; a rule is evaluated only
-- where both sides exist. Tolerance: tolerance_pct percent of |right side|, allowed on
-- every operator (`=` passes within +-tolerance, `<=` up to right + tolerance, ...).
with

rules as (
    select * from {{ ref('stg_validation_rules') }}
),

terms as (
    select * from {{ ref('stg_validation_rule_terms') }}
),

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

rolled_up as (
    select * from {{ ref('int_values_rolled_up') }}
),

period_values as (
    select * from {{ ref('int_period_values') }}
),

submitted as (
    select
        unit_code,
        indicator_code,
        month_start,
        value
    from versions
    where is_current
),

unit_month_values as (
    select
        rolled_up.province_code,
        rolled_up.unit_code,
        rolled_up.indicator_code,
        rolled_up.month_start,
        coalesce(submitted.value, rolled_up.value) as value
    from rolled_up
    left join submitted
        on
            rolled_up.unit_code = submitted.unit_code
            and rolled_up.indicator_code = submitted.indicator_code
            and rolled_up.month_start = submitted.month_start
),

unit_month_sides as (
    select
        terms.rule_code,
        terms.term_side,
        'unit' as check_level,
        unit_month_values.province_code,
        unit_month_values.unit_code,
        cast(year(unit_month_values.month_start) as integer) as year,
        strftime(unit_month_values.month_start, '%Y-%m') as period,
        unit_month_values.month_start,
        sum(unit_month_values.value) as value
    from terms
    inner join unit_month_values
        on terms.indicator_code = unit_month_values.indicator_code
    group by
        terms.rule_code,
        terms.term_side,
        unit_month_values.province_code,
        unit_month_values.unit_code,
        unit_month_values.month_start
),

province_period_sides as (
    select
        terms.rule_code,
        terms.term_side,
        'province' as check_level,
        period_values.province_code,
        cast(null as varchar) as unit_code,
        period_values.year,
        period_values.period,
        cast(null as date) as month_start,
        sum(period_values.actual_value) as value
    from terms
    inner join period_values
        on terms.indicator_code = period_values.indicator_code
    where period_values.scope = 'own' and period_values.actual_value is not null
    group by
        terms.rule_code,
        terms.term_side,
        period_values.province_code,
        period_values.year,
        period_values.period
),

sides as (
    select * from unit_month_sides
    union all
    select * from province_period_sides
),

paired as (
    select
        left_side.rule_code,
        left_side.check_level,
        left_side.province_code,
        left_side.unit_code,
        left_side.year,
        left_side.period,
        left_side.month_start,
        left_side.value as left_value,
        right_side.value as right_value
    from sides as left_side
    inner join sides as right_side
        on
            left_side.rule_code = right_side.rule_code
            and left_side.check_level = right_side.check_level
            and left_side.province_code = right_side.province_code
            and left_side.unit_code is not distinct from right_side.unit_code
            and left_side.year = right_side.year
            and left_side.period = right_side.period
    where left_side.term_side = 'left' and right_side.term_side = 'right'
),

evaluated as (
    select
        paired.*,
        rules.operator,
        rules.importance,
        rules.tolerance_pct,
        rules.description_vi,
        rules.description_en,
        rules.left_expression,
        rules.right_expression,
        paired.left_value - paired.right_value as difference,
        rules.tolerance_pct / 100 * abs(paired.right_value) as allowed
    from paired
    inner join rules
        on paired.rule_code = rules.rule_code
),

final as (
    select
        *,
        case operator
            when '=' then abs(difference) <= allowed
            when '<=' then difference <= allowed
            when '<' then difference < allowed
            when '>=' then difference >= -allowed
            when '>' then difference > -allowed
        end as passes
    from evaluated
)

select * from final
