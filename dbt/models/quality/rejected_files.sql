-- Files that could not be read at all, with the reason.
with

rejected_files as (
    select * from {{ ref('stg_rejected_files') }}
),

final as (
    select
        file_path,
        sha256,
        size_bytes,
        reason,
        reason_vi
    from rejected_files
)

select * from final
