-- Every accepted value with its version among the values for the same unit, indicator
-- and month: ordered by coalesce(submitted_at, the file's first_seen_at), then file
-- path, then row number. The last version is the current one.
with

submission_values as (
    select * from {{ ref('stg_submission_values') }}
),

file_manifest as (
    select * from {{ ref('stg_file_manifest') }}
),

received as (
    select
        submission_values.file_path,
        submission_values.row_number,
        submission_values.unit_code,
        submission_values.month_start,
        submission_values.indicator_code,
        submission_values.value,
        submission_values.status,
        submission_values.as_of,
        submission_values.submitted_at,
        submission_values.note,
        file_manifest.first_seen_at,
        coalesce(submission_values.submitted_at, file_manifest.first_seen_at) as received_at
    from submission_values
    left join file_manifest
        on submission_values.file_path = file_manifest.file_path
),

versioned as (
    select
        *,
        row_number() over (
            partition by unit_code, indicator_code, month_start
            order by received_at asc nulls first, file_path asc, row_number asc
        ) as version_number,
        count(*) over (
            partition by unit_code, indicator_code, month_start
        ) as n_versions
    from received
),

final as (
    select
        file_path,
        row_number,
        unit_code,
        month_start,
        indicator_code,
        value,
        status,
        as_of,
        submitted_at,
        note,
        first_seen_at,
        received_at,
        version_number,
        n_versions,
        version_number = n_versions as is_current
    from versioned
)

select * from final
