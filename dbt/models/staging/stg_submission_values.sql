with

source as (
    select * from {{ source('raw', 'submission_values') }}
),

renamed as (
    select
        file_path,
        row_number,
        unit_code,
        period as month_start,
        indicator_code,
        value,
        status,
        as_of,
        submitted_at,
        note
    from source
)

select * from renamed
