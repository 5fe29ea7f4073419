-- Every month of every year that has a plan or any submitted value.
with

plans as (
    select * from {{ ref('stg_plans') }}
),

submission_values as (
    select * from {{ ref('stg_submission_values') }}
),

years as (
    select distinct plans.year
    from plans

    union

    select distinct cast(year(submission_values.month_start) as integer) as year
    from submission_values
),

months as (
    select
        years.year,
        unnest(range(1, 13)) as month
    from years
),

final as (
    select
        year,
        month,
        make_date(year, month, 1) as month_start,
        last_day(make_date(year, month, 1)) as month_end
    from months
)

select * from final
