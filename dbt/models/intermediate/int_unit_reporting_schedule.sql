-- What a unit owes: one row per unit and frequency among its activities that some
-- indicator requires, with the earliest deadline of those activities (a unit with two
-- monthly activities due on the 5th and the 10th owes its monthly report by the 5th).
with

activity_calendar as (
    select * from {{ ref('int_unit_activity_calendar') }}
),

indicator_activities as (
    select * from {{ ref('int_indicator_activities') }}
),

required_activities as (
    select distinct indicator_activities.activity
    from indicator_activities
),

required as (
    select activity_calendar.*
    from activity_calendar
    inner join required_activities
        on activity_calendar.activity = required_activities.activity
),

final as (
    select
        unit_code,
        province_code,
        active_from,
        active_to,
        frequency,
        months_per_period,
        deadline_day,
        deadline_months_after
    from required
    qualify row_number() over (
        partition by unit_code, frequency
        order by deadline_months_after asc, deadline_day asc
    ) = 1
)

select * from final
