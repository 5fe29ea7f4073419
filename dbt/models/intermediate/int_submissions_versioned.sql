-- Every accepted value with its version among the values for the same unit, indicator
-- and month: ordered by coalesce(submitted_at, the file's first_seen_at), then file
-- path, then row number. The last version not rejected by a person's review is the
-- current one.
-- Reviews (stg_reviews): a decision applies to the version of its unit x indicator x month
-- that was the latest received by the end of reviewed_on; the latest decision on a
-- version wins (by reviewed_on, then its row in reviews.csv). accept clears the version's
-- flags (int_open_review_flags); reject excludes it, so the version before it is current
-- again. Nothing is dropped: every version stays here with its decision.
with

submission_values as (
    select * from {{ ref('stg_submission_values') }}
),

file_manifest as (
    select * from {{ ref('stg_file_manifest') }}
),

reviews as (
    select * from {{ ref('stg_reviews') }}
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

reviewed_versions as (
    select
        reviews.review_row_number,
        reviews.decision,
        reviews.reviewer,
        reviews.reviewed_on,
        versioned.file_path,
        versioned.row_number,
        row_number() over (
            partition by reviews.review_row_number
            order by versioned.version_number desc
        ) as recency
    from reviews
    inner join versioned
        on
            reviews.unit_code = versioned.unit_code
            and reviews.indicator_code = versioned.indicator_code
            and reviews.month_start = versioned.month_start
            and (
                versioned.received_at is null
                or versioned.received_at < reviews.reviewed_on + interval 1 day
            )
),

latest_decisions as (
    select
        file_path,
        row_number,
        review_row_number,
        decision,
        reviewer,
        reviewed_on,
        row_number() over (
            partition by file_path, row_number
            order by reviewed_on desc, review_row_number desc
        ) as decision_rank
    from reviewed_versions
    where recency = 1
),

decided as (
    select
        versioned.*,
        latest_decisions.decision as review_decision,
        latest_decisions.reviewer as reviewed_by,
        latest_decisions.reviewed_on,
        latest_decisions.review_row_number,
        coalesce(latest_decisions.decision = 'reject', false) as is_rejected
    from versioned
    left join latest_decisions
        on
            versioned.file_path = latest_decisions.file_path
            and versioned.row_number = latest_decisions.row_number
            and latest_decisions.decision_rank = 1
),

with_current as (
    select
        *,
        max(case when not is_rejected then version_number end) over (
            partition by unit_code, indicator_code, month_start
        ) as current_version_number
    from decided
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
        coalesce(version_number = current_version_number, false) as is_current,
        review_decision,
        reviewed_by,
        reviewed_on,
        review_row_number,
        is_rejected
    from with_current
)

select * from final
