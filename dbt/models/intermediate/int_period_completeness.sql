-- Completeness per province, year, period and indicator: the registry units active at
-- the period end with one of the indicator's activities (int_indicator_activities), and
-- how many of them have a current value in the period (for a ratio: for itself or one
-- of its parts; for a parent: for anything below it, as rolled up).
with

unit_activities as (
    select * from {{ ref('int_unit_activities') }}
),

indicator_activities as (
    select * from {{ ref('int_indicator_activities') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

periods as (
    select * from {{ ref('int_reporting_periods') }}
),

rolled_up as (
    select * from {{ ref('int_values_rolled_up') }}
),

expected_units as (
    select distinct
        unit_activities.province_code,
        periods.year,
        periods.period,
        indicator_activities.indicator_code,
        unit_activities.unit_code
    from periods
    inner join unit_activities
        on {{ is_active_on('unit_activities', 'periods.period_end') }}
    inner join indicator_activities
        on unit_activities.activity = indicator_activities.activity
),

evidence as (
    select
        indicator_code,
        indicator_code as evidence_code
    from indicators

    union

    select
        indicator_code,
        numerator_code as evidence_code
    from indicators
    where kind = 'ratio' and numerator_code is not null

    union

    select
        indicator_code,
        denominator_code as evidence_code
    from indicators
    where kind = 'ratio' and denominator_code is not null
),

reporting_units as (
    select distinct
        rolled_up.unit_code,
        periods.year,
        periods.period,
        evidence.indicator_code
    from rolled_up
    inner join periods
        on rolled_up.month_start between periods.period_start and periods.period_end
    inner join evidence
        on rolled_up.indicator_code = evidence.evidence_code
),

final as (
    select
        expected_units.province_code,
        expected_units.year,
        expected_units.period,
        expected_units.indicator_code,
        count(*) as units_expected,
        count(reporting_units.unit_code) as units_reporting
    from expected_units
    left join reporting_units
        on
            expected_units.unit_code = reporting_units.unit_code
            and expected_units.year = reporting_units.year
            and expected_units.period = reporting_units.period
            and expected_units.indicator_code = reporting_units.indicator_code
    group by
        expected_units.province_code,
        expected_units.year,
        expected_units.period,
        expected_units.indicator_code
)

select * from final
