with

source as (
    select * from {{ source('raw', 'row_warnings') }}
),

renamed as (
    select
        file_path,
        row_number,
        column_name,
        value,
        check_name,
        message,
        message_vi
    from source
)

select * from renamed
