-- Every file found under raw/submissions with its outcome and row counts. The counts are
-- given twice: as in raw (received_rows...) and under the names SPEC.md uses (received...).
-- unit_codes: the units of the file's accepted rows (who sent it, for feedback).
with

file_manifest as (
    select * from {{ ref('stg_file_manifest') }}
),

submission_values as (
    select * from {{ ref('stg_submission_values') }}
),

file_units as (
    select
        file_path,
        string_agg(distinct unit_code, ';' order by unit_code) as unit_codes
    from submission_values
    group by file_path
),

final as (
    select
        file_manifest.file_path,
        file_manifest.size_bytes,
        file_manifest.sha256,
        file_manifest.first_seen_at,
        file_manifest.file_format,
        file_manifest.encoding,
        file_manifest.outcome,
        file_manifest.duplicate_of,
        file_manifest.received_rows,
        file_manifest.accepted_rows,
        file_manifest.rejected_rows,
        file_manifest.received_rows as received,
        file_manifest.accepted_rows as accepted,
        file_manifest.rejected_rows as rejected,
        file_manifest.outcome = 'duplicate' as is_duplicate,
        file_units.unit_codes
    from file_manifest
    left join file_units
        on file_manifest.file_path = file_units.file_path
)

select * from final
