-- One row per unit, frequency and reporting period it owes: its schedule's periods
-- (months, quarters, half-years or years, aligned on 1 January) of every calendar year,
-- during which the unit is active at some point.
with

schedule as (
    select * from {{ ref('int_unit_reporting_schedule') }}
),

calendar_months as (
    select * from {{ ref('int_calendar_months') }}
),

periods as (
    select
        schedule.unit_code,
        schedule.province_code,
        schedule.active_from,
        schedule.active_to,
        schedule.frequency,
        calendar_months.month_start as period_start,
        last_day(
            cast(calendar_months.month_start + to_months(schedule.months_per_period - 1) as date)
        ) as period_end
    from schedule
    inner join calendar_months
        on (calendar_months.month - 1) % schedule.months_per_period = 0
),

final as (
    select
        periods.unit_code,
        periods.province_code,
        periods.frequency,
        periods.period_start,
        periods.period_end
    from periods
    where {{ is_active_during('periods', 'periods.period_start', 'periods.period_end') }}
)

select * from final
