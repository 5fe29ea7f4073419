-- The province x year x period x indicator figures that include something a person must
-- review before publication: an open review flag (int_open_review_flags) on a value of
-- a unit of the province, in a month of the period, for the indicator itself, an
-- indicator rolled up into it, or (for a ratio) a part of it or below a part; or a
-- failed validation rule of importance high at province level involving the indicator.
with

open_flags as (
    select * from {{ ref('int_open_review_flags') }}
),

rule_results as (
    select * from {{ ref('int_validation_rule_results') }}
),

terms as (
    select * from {{ ref('stg_validation_rule_terms') }}
),

descendants as (
    select * from {{ ref('int_indicator_descendants') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

periods as (
    select * from {{ ref('int_reporting_periods') }}
),

-- figure indicator -> an indicator whose values it includes
contents as (
    select
        ancestor_code as figure_code,
        descendant_code as included_code
    from descendants

    union

    select
        indicators.indicator_code as figure_code,
        descendants.descendant_code as included_code
    from indicators
    inner join descendants
        on descendants.ancestor_code in (indicators.numerator_code, indicators.denominator_code)
    where indicators.kind = 'ratio'
),

from_flags as (
    select distinct
        open_flags.province_code,
        periods.year,
        periods.period,
        contents.figure_code as indicator_code
    from open_flags
    inner join contents
        on open_flags.indicator_code = contents.included_code
    inner join periods
        on open_flags.month_start between periods.period_start and periods.period_end
),

from_rules as (
    select distinct
        rule_results.province_code,
        rule_results.year,
        rule_results.period,
        terms.indicator_code
    from rule_results
    inner join terms
        on rule_results.rule_code = terms.rule_code
    where
        rule_results.check_level = 'province'
        and not rule_results.passes
        and rule_results.importance = 'high'
),

final as (
    select * from from_flags
    union
    select * from from_rules
)

select * from final
