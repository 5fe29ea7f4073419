with

source as (
    select * from {{ source('raw', 'reporting_units') }}
),

renamed as (
    select
        unit_code,
        name as unit_name,
        unit_type,
        province_code,
        activities,
        tax_code,
        active_from,
        active_to
    from source
)

select * from renamed
