-- Registry counts ("15 postal enterprises"): per province, month end and activity, the
-- units active on that date with that activity. Every province x activity pair in the
-- registry gets every month end of the calendar, zero included; is_enterprise_activity
-- says whether the report counts the activity's units (not when only agencies have it).
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

-- An activity only agencies have, in any province (a Department's own portal), is not
-- one of the report's enterprise counts.
activity_holders as (
    select
        activity,
        bool_and(coalesce(lower(unit_type), '') = 'agency') as is_agency_only
    from unit_activities
    group by activity
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
        count(distinct unit_activities.unit_code) as n_active,
        not activity_holders.is_agency_only as is_enterprise_activity
    from grid
    inner join activity_holders
        on grid.activity = activity_holders.activity
    left join unit_activities
        on
            grid.province_code = unit_activities.province_code
            and grid.activity = unit_activities.activity
            and {{ is_active_on('unit_activities', 'grid.period_end') }}
    group by
        grid.province_code,
        grid.period_end,
        grid.activity,
        activity_holders.is_agency_only
)

select * from final
