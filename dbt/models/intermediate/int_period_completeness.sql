-- Completeness per province, year, period and indicator. Expected: the registry units
-- active at the period end with one of the indicator's activities
-- (int_indicator_activities) that owe at least one reporting period inside it (by the
-- reporting calendar; a yearly filer owes nothing inside H1). Reporting: those that sent
-- what they owed - a current value (for a ratio: for itself or one of its parts; for a
-- parent: for anything below it, as rolled up) in every reporting period they owe inside
-- the period: all six months of H1 for a monthly filer, the half-year for a half-yearly one.
with

unit_activities as (
    select * from {{ ref('int_unit_activity_calendar') }}
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

owed_periods as (
    select * from {{ ref('int_unit_periods_owed') }}
),

rolled_up as (
    select * from {{ ref('int_values_rolled_up') }}
),

-- Each unit active at the period end, with the frequencies of its activities that the
-- indicator concerns (owing the finest one's periods covers the coarser ones).
expected_frequencies as (
    select distinct
        unit_activities.province_code,
        periods.year,
        periods.period,
        periods.period_start,
        periods.period_end,
        indicator_activities.indicator_code,
        unit_activities.unit_code,
        unit_activities.frequency
    from periods
    inner join unit_activities
        on {{ is_active_on('unit_activities', 'periods.period_end') }}
    inner join indicator_activities
        on unit_activities.activity = indicator_activities.activity
),

owed as (
    select
        expected_frequencies.province_code,
        expected_frequencies.year,
        expected_frequencies.period,
        expected_frequencies.indicator_code,
        expected_frequencies.unit_code,
        owed_periods.period_start as owed_start,
        owed_periods.period_end as owed_end
    from expected_frequencies
    inner join owed_periods
        on
            expected_frequencies.unit_code = owed_periods.unit_code
            and expected_frequencies.frequency = owed_periods.frequency
            and expected_frequencies.period_start <= owed_periods.period_start
            and expected_frequencies.period_end >= owed_periods.period_end
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

evidence_months as (
    select distinct
        rolled_up.unit_code,
        rolled_up.month_start,
        evidence.indicator_code
    from rolled_up
    inner join evidence
        on rolled_up.indicator_code = evidence.evidence_code
),

owed_and_sent as (
    select
        owed.province_code,
        owed.year,
        owed.period,
        owed.indicator_code,
        owed.unit_code,
        owed.owed_start,
        count(evidence_months.month_start) > 0 as is_sent
    from owed
    left join evidence_months
        on
            owed.unit_code = evidence_months.unit_code
            and owed.indicator_code = evidence_months.indicator_code
            and evidence_months.month_start between owed.owed_start and owed.owed_end
    group by all
),

per_unit as (
    select
        province_code,
        year,
        period,
        indicator_code,
        unit_code,
        bool_and(is_sent) as sent_all_owed
    from owed_and_sent
    group by all
),

final as (
    select
        province_code,
        year,
        period,
        indicator_code,
        count(*) as units_expected,
        count_if(sent_all_owed) as units_reporting
    from per_unit
    group by all
)

select * from final
