-- The review flags still open: a warning of severity review (is_review_flag) on a current
-- version that no person has accepted. A rejected version is no longer current, and a
-- resubmission is a new version with its own checks, so both close the old flag.
with

plausibility as (
    select * from {{ ref('int_values_checked_for_plausibility') }}
),

flagged as (
    select * from {{ ref('int_values_flagged_for_review') }}
),

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

flags as (
    select
        province_code,
        unit_code,
        indicator_code,
        period,
        file_path,
        row_number,
        value,
        check_name,
        message,
        message_vi
    from plausibility
    where {{ is_review_flag('check_name', 'null') }}

    union all

    select
        province_code,
        unit_code,
        indicator_code,
        period,
        file_path,
        row_number,
        value,
        check_name,
        message,
        message_vi
    from flagged
    where {{ is_review_flag('check_name', 'importance') }}
),

final as (
    select
        flags.province_code,
        flags.unit_code,
        flags.indicator_code,
        flags.period as month_start,
        flags.file_path,
        flags.row_number,
        versions.value,
        flags.check_name,
        flags.message,
        flags.message_vi
    from flags
    inner join versions
        on
            flags.file_path = versions.file_path
            and flags.row_number = versions.row_number
    where versions.is_current and coalesce(versions.review_decision <> 'accept', true)
)

select * from final
