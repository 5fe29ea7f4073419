-- The reporting calendar as loaded (activities it does not list get the default of
-- int_unit_activity_calendar), with the length of one reporting period.
with

source as (
    select * from {{ source('raw', 'reporting_calendar') }}
),

renamed as (
    select
        activity,
        frequency,
        deadline_day,
        deadline_months_after,
        {{ months_per_period('frequency') }} as months_per_period
    from source
)

select * from renamed
