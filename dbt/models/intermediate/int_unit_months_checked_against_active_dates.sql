-- Each file, unit and month of accepted values (any version), with whether the registry
-- has the unit active at some point of that month. A unit reporting outside its active
-- dates is a warning, not a rejection: the registry can lag behind reality.
with

submission_values as (
    select * from {{ ref('stg_submission_values') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

file_months as (
    select
        file_path,
        unit_code,
        month_start,
        min(row_number) as first_row_number,
        count(*) as n_values
    from submission_values
    group by file_path, unit_code, month_start
),

final as (
    select
        units.province_code,
        file_months.file_path,
        file_months.unit_code,
        file_months.month_start,
        file_months.first_row_number,
        file_months.n_values,
        units.active_from,
        units.active_to,
        {{ is_active_during(
            'units', 'file_months.month_start', 'last_day(file_months.month_start)'
        ) }} as is_active
    from file_months
    inner join units
        on file_months.unit_code = units.unit_code
)

select * from final
