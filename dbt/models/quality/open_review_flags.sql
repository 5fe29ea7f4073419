-- The review flags still open (int_open_review_flags), for the reports, the asset check
-- and the units' feedback: what must be confirmed or corrected before publication.
with

open_flags as (
    select * from {{ ref('int_open_review_flags') }}
),

final as (
    select
        province_code,
        unit_code,
        indicator_code,
        month_start,
        file_path,
        row_number,
        value,
        check_name,
        message,
        message_vi
    from open_flags
)

select * from final
