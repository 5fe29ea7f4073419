-- Every file found under raw/submissions with its outcome and row counts. The counts are
-- given twice: as in raw (received_rows...) and under the names SPEC.md uses (received...).
with

file_manifest as (
    select * from {{ ref('stg_file_manifest') }}
),

final as (
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
        rejected_rows,
        received_rows as received,
        accepted_rows as accepted,
        rejected_rows as rejected
    from file_manifest
)

select * from final
