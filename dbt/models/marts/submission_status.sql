-- One row per unit x reporting period it owes (int_unit_periods_owed: the reporting
-- calendar) or sent anything for. A submission for a period is any value for a month
-- inside it; period is the period's first day, deadline a date (a receipt on that day is
-- on time), days_late counted from the deadline to the first receipt. missed_deadline
-- judges a missing submission against the latest receipt in the warehouse, not today,
-- so that a re-run on the same raw/ gives the same mart.
with

owed as (
    select * from {{ ref('int_unit_periods_owed') }}
),

schedule as (
    select * from {{ ref('int_unit_reporting_schedule') }}
),

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

-- Every unit's frequencies: its schedule, or for a unit that owes nothing (no activity
-- any indicator requires) the default, so that what it sends still has a period.
unit_schedule as (
    select
        unit_code,
        frequency,
        months_per_period,
        deadline_day,
        deadline_months_after
    from schedule

    union all

    select
        units.unit_code,
        {{ calendar_default('frequency') }} as frequency,
        {{ months_per_period(calendar_default('frequency')) }} as months_per_period,
        {{ calendar_default('deadline_day') }} as deadline_day,
        {{ calendar_default('deadline_months_after') }} as deadline_months_after
    from units
    anti join schedule
        on units.unit_code = schedule.unit_code
),

received as (
    select
        versions.unit_code,
        unit_schedule.frequency,
        {{ reporting_period_start('versions.month_start', 'unit_schedule.months_per_period') }}
            as period_start,
        min(versions.received_at) as first_received_at,
        max(versions.received_at) as last_received_at,
        count(distinct versions.file_path) as n_versions
    from versions
    inner join unit_schedule
        on versions.unit_code = unit_schedule.unit_code
    group by all
),

combined as (
    select
        coalesce(owed.unit_code, received.unit_code) as unit_code,
        coalesce(owed.frequency, received.frequency) as frequency,
        coalesce(owed.period_start, received.period_start) as period_start,
        owed.unit_code is not null as expected,
        received.unit_code is not null as received,
        received.first_received_at,
        received.last_received_at,
        coalesce(received.n_versions, 0) as n_versions
    from owed
    full outer join received
        on
            owed.unit_code = received.unit_code
            and owed.frequency = received.frequency
            and owed.period_start = received.period_start
),

latest_receipt as (
    select cast(max(versions.received_at) as date) as received_on
    from versions
),

with_period_ends as (
    select
        combined.*,
        unit_schedule.deadline_day,
        unit_schedule.deadline_months_after,
        last_day(
            cast(combined.period_start + to_months(unit_schedule.months_per_period - 1) as date)
        ) as period_end
    from combined
    inner join unit_schedule
        on
            combined.unit_code = unit_schedule.unit_code
            and combined.frequency = unit_schedule.frequency
),

with_deadlines as (
    select
        with_period_ends.*,
        units.province_code,
        {{ reporting_deadline(
            'with_period_ends.period_end',
            'with_period_ends.deadline_day',
            'with_period_ends.deadline_months_after'
        ) }} as deadline
    from with_period_ends
    left join units
        on with_period_ends.unit_code = units.unit_code
),

judged as (
    select
        with_deadlines.*,
        case
            when with_deadlines.received
                then
                    with_deadlines.first_received_at
                    < with_deadlines.deadline + interval 1 day
        end as on_time,
        coalesce(with_deadlines.deadline < latest_receipt.received_on, false) as is_due
    from with_deadlines
    cross join latest_receipt
),

final as (
    select
        province_code,
        unit_code,
        period_start as period,
        period_end,
        frequency,
        expected,
        received,
        first_received_at,
        last_received_at,
        n_versions,
        deadline,
        on_time,
        case
            when received
                then greatest(0, date_diff('day', deadline, cast(first_received_at as date)))
        end as days_late,
        expected and (coalesce(not on_time, false) or (not received and is_due)) as missed_deadline
    from judged
)

select * from final
