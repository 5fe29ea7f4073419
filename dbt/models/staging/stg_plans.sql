with

source as (
    select * from {{ source('raw', 'plans') }}
),

renamed as (
    select
        year,
        province_code,
        indicator_code,
        plan_value,
        source as plan_document,
        plan_source,
        revised_on
    from source
)

select * from renamed
