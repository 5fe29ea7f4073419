-- One row per unit x indicator x month with more than one version: the first and the
-- current version side by side (the last one not rejected by a review), with the reviews
-- of the key: how many versions were rejected and the latest decision on any version.
with

versions as (
    select * from {{ ref('int_submissions_versioned') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

revised as (
    select *
    from versions
    where n_versions > 1
),

first_versions as (
    select *
    from revised
    where version_number = 1
),

current_versions as (
    select *
    from revised
    where is_current
),

decisions as (
    select
        unit_code,
        indicator_code,
        month_start,
        count(*) filter (where is_rejected) as n_rejected_versions,
        arg_max(review_decision, reviewed_on) filter (
            where review_decision is not null
        ) as last_decision,
        arg_max(reviewed_by, reviewed_on) filter (
            where review_decision is not null
        ) as last_reviewer,
        max(reviewed_on) as last_reviewed_on
    from revised
    group by unit_code, indicator_code, month_start
),

final as (
    select
        units.province_code,
        current_versions.unit_code,
        current_versions.indicator_code,
        current_versions.month_start as period,
        first_versions.value as first_value,
        first_versions.status as first_status,
        current_versions.value as current_value,
        current_versions.status as current_status,
        current_versions.value - first_versions.value as delta,
        case
            when first_versions.value <> 0
                then
                    100 * (current_versions.value - first_versions.value)::double
                    / first_versions.value::double
        end as delta_pct,
        current_versions.n_versions,
        first_versions.received_at as first_received_at,
        current_versions.received_at as current_received_at,
        first_versions.file_path as first_file_path,
        current_versions.file_path as current_file_path,
        current_versions.version_number as current_version_number,
        decisions.n_rejected_versions,
        decisions.last_decision,
        decisions.last_reviewer,
        decisions.last_reviewed_on
    from current_versions
    inner join first_versions
        on
            current_versions.unit_code = first_versions.unit_code
            and current_versions.indicator_code = first_versions.indicator_code
            and current_versions.month_start = first_versions.month_start
    inner join decisions
        on
            current_versions.unit_code = decisions.unit_code
            and current_versions.indicator_code = decisions.indicator_code
            and current_versions.month_start = decisions.month_start
    left join units
        on current_versions.unit_code = units.unit_code
)

select * from final
