-- Each decision of raw/reference/reviews.csv and the version it applied to (the latest
-- received by the end of reviewed_on), or none ("matched no version"). A decision that
-- a later one on the same version overrides is listed too, with is_in_force false.
with

reviews as (
    select * from {{ ref('stg_reviews') }}
),

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

matched as (
    select
        reviews.review_row_number,
        versions.file_path,
        versions.row_number,
        versions.value,
        versions.version_number,
        versions.review_row_number = reviews.review_row_number as is_in_force,
        row_number() over (
            partition by reviews.review_row_number
            order by versions.version_number desc
        ) as recency
    from reviews
    inner join versions
        on
            reviews.unit_code = versions.unit_code
            and reviews.indicator_code = versions.indicator_code
            and reviews.month_start = versions.month_start
            and (
                versions.received_at is null
                or versions.received_at < reviews.reviewed_on + interval 1 day
            )
),

final as (
    select
        units.province_code,
        reviews.review_row_number,
        reviews.unit_code,
        reviews.indicator_code,
        reviews.month_start as period,
        reviews.decision,
        reviews.reviewer,
        reviews.reviewed_on,
        reviews.review_note,
        matched.file_path,
        matched.row_number,
        matched.value,
        matched.version_number,
        coalesce(matched.is_in_force, false) as is_in_force,
        case
            when matched.file_path is null then 'matched no version'
            else
                'applied to version ' || matched.version_number || ' ('
                || matched.file_path || ', row ' || matched.row_number || ')'
        end as outcome
    from reviews
    left join matched
        on
            reviews.review_row_number = matched.review_row_number
            and matched.recency = 1
    left join units
        on reviews.unit_code = units.unit_code
)

select * from final
