-- One row per registry unit and activity: the `;`-separated list, unnested.
with

units as (
    select * from {{ ref('stg_reporting_units') }}
),

unnested as (
    select
        unit_code,
        province_code,
        unit_type,
        active_from,
        active_to,
        unnest(string_split(activities, ';')) as activity_text
    from units
),

final as (
    select distinct
        unit_code,
        province_code,
        unit_type,
        active_from,
        active_to,
        lower(trim(activity_text)) as activity
    from unnested
    where trim(activity_text) <> ''
)

select * from final
