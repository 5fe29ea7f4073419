with

source as (
    select * from {{ source('raw', 'rejected_rows') }}
),

renamed as (
    select
        file_path,
        row_number,
        column_name,
        value,
        check_name,
        message,
        message_vi,
        unit_code,
        indicator_code
    from source
)

select * from renamed
