-- The reporting periods of every calendar year: H1 = Jan-Jun, H2 = Jul-Dec, FY = Jan-Dec.
with

calendar_months as (
    select * from {{ ref('int_calendar_months') }}
),

period_definitions as (
    select
        definitions.period,
        definitions.first_month,
        definitions.last_month,
        definitions.period_order
    from (
        values
        ('H1', 1, 6, 1),
        ('H2', 7, 12, 2),
        ('FY', 1, 12, 3)
    ) as definitions (period, first_month, last_month, period_order)
),

years as (
    select distinct calendar_months.year
    from calendar_months
),

final as (
    select
        years.year,
        period_definitions.period,
        period_definitions.period_order,
        make_date(years.year, period_definitions.first_month, 1) as period_start,
        last_day(make_date(years.year, period_definitions.last_month, 1)) as period_end
    from years
    cross join period_definitions
)

select * from final
