-- Each registry unit and activity with the reporting calendar that applies: the row of
-- raw/reference/reporting_calendar.csv for the activity, else the default (monthly, due
-- on the 10th of the following month).
with

unit_activities as (
    select * from {{ ref('int_unit_activities') }}
),

calendar as (
    select * from {{ ref('stg_reporting_calendar') }}
),

final as (
    select
        unit_activities.unit_code,
        unit_activities.province_code,
        unit_activities.active_from,
        unit_activities.active_to,
        unit_activities.activity,
        coalesce(calendar.frequency, {{ calendar_default('frequency') }}) as frequency,
        coalesce(
            calendar.months_per_period,
            {{ months_per_period(calendar_default('frequency')) }}
        ) as months_per_period,
        coalesce(calendar.deadline_day, {{ calendar_default('deadline_day') }}) as deadline_day,
        coalesce(
            calendar.deadline_months_after, {{ calendar_default('deadline_months_after') }}
        ) as deadline_months_after,
        calendar.activity is not null as is_listed
    from unit_activities
    left join calendar
        on unit_activities.activity = calendar.activity
)

select * from final
