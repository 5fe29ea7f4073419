with

source as (
    select * from {{ source('raw', 'rejected_files') }}
),

renamed as (
    select
        file_path,
        sha256,
        size_bytes,
        reason,
        reason_vi
    from source
)

select * from renamed
