with

source as (
    select * from {{ source('raw', 'file_manifest') }}
),

renamed as (
    select
        file_path,
        size_bytes,
        sha256,
        first_seen_at,
        file_format,
        encoding,
        outcome,
        duplicate_of,
        received_rows,
        accepted_rows,
        rejected_rows
    from source
)

select * from renamed
