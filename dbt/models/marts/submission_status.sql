-- One row per unit x month that was expected (unit active at some point in the month with
-- an activity some indicator requires) or received (any version, current or not).
with

calendar_months as (
    select * from {{ ref('int_calendar_months') }}
),

unit_activities as (
    select * from {{ ref('int_unit_activities') }}
),

indicator_activities as (
    select * from {{ ref('int_indicator_activities') }}
),

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

required_activities as (
    select distinct indicator_activities.activity
    from indicator_activities
),

expected as (
    select distinct
        unit_activities.unit_code,
        calendar_months.month_start,
        calendar_months.month_end
    from calendar_months
    inner join unit_activities
        on {{ is_active_during(
            'unit_activities', 'calendar_months.month_start', 'calendar_months.month_end'
        ) }}
    inner join required_activities
        on unit_activities.activity = required_activities.activity
),

received as (
    select
        unit_code,
        month_start,
        min(received_at) as first_received_at,
        max(received_at) as last_received_at,
        count(distinct file_path) as n_versions
    from versions
    group by unit_code, month_start
),

deadline_days as (
    select
        unit_code,
        min({{ deadline_day('activity') }}) as deadline_day
    from unit_activities
    group by unit_code
),

combined as (
    select
        coalesce(expected.unit_code, received.unit_code) as unit_code,
        coalesce(expected.month_start, received.month_start) as month_start,
        expected.unit_code is not null as expected,
        received.unit_code is not null as received,
        received.first_received_at,
        received.last_received_at,
        coalesce(received.n_versions, 0) as n_versions
    from expected
    full outer join received
        on
            expected.unit_code = received.unit_code
            and expected.month_start = received.month_start
),

with_deadlines as (
    select
        combined.*,
        units.province_code,
        coalesce(deadline_days.deadline_day, {{ var('reporting_deadline_day') | int }})
            as deadline_day,
        cast(combined.month_start + interval 1 month as date) as following_month_start
    from combined
    left join units
        on combined.unit_code = units.unit_code
    left join deadline_days
        on combined.unit_code = deadline_days.unit_code
),

deadlines as (
    select
        *,
        -- Midnight after the deadline day (capped at the month's last day).
        cast(
            following_month_start
            + cast(least(deadline_day, day(last_day(following_month_start))) as integer)
            as timestamp
        ) as deadline_at
    from with_deadlines
),

final as (
    select
        province_code,
        unit_code,
        month_start as period,
        expected,
        received,
        first_received_at,
        last_received_at,
        n_versions,
        case
            when received
                then first_received_at < deadline_at
        end as on_time,
        deadline_day,
        deadline_at
    from deadlines
)

select * from final
