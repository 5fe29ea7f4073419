with

source as (
    select * from {{ source('raw', 'provinces') }}
),

renamed as (
    select
        province_code,
        name as province_name,
        valid_from,
        valid_to,
        successor_code
    from source
)

select * from renamed
