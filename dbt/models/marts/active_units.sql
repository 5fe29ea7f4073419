-- Registry counts ("15 postal enterprises"): per province, month end and activity, the
-- units active on that date with that activity. Every province x activity pair in the
-- registry gets every month end of the calendar, zero included.
with

calendar_months as (
    select * from {{ ref('int_calendar_months') }}
),

unit_activities as (
    select * from {{ ref('int_unit_activities') }}
),

province_activities as (
    select distinct
        unit_activities.province_code,
        unit_activities.activity
    from unit_activities
),

grid as (
    select
        province_activities.province_code,
        calendar_months.month_end as period_end,
        province_activities.activity
    from province_activities
    cross join calendar_months
),

final as (
    select
        grid.province_code,
        grid.period_end,
        grid.activity,
        count(distinct unit_activities.unit_code) as n_active
    from grid
    left join unit_activities
        on
            grid.province_code = unit_activities.province_code
            and grid.activity = unit_activities.activity
            and {{ is_active_on('unit_activities', 'grid.period_end') }}
    group by
        grid.province_code,
        grid.period_end,
        grid.activity
)

select * from final
