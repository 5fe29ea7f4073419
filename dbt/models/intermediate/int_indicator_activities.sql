-- Which activities an indicator concerns, for completeness: its own; for a parent without
-- its own, its descendants'; for a ratio without its own, its numerator's and denominator's.
with

indicators as (
    select * from {{ ref('stg_indicators') }}
),

descendants as (
    select * from {{ ref('int_indicator_descendants') }}
),

own_unnested as (
    select
        indicator_code,
        unnest(string_split(activities, ';')) as activity_text
    from indicators
),

own_activities as (
    select distinct
        indicator_code,
        lower(trim(activity_text)) as activity
    from own_unnested
    where trim(activity_text) <> ''
),

with_own as (
    select distinct own_activities.indicator_code
    from own_activities
),

from_descendants as (
    select distinct
        descendants.ancestor_code as indicator_code,
        own_activities.activity
    from descendants
    inner join own_activities
        on descendants.descendant_code = own_activities.indicator_code
    left join with_own
        on descendants.ancestor_code = with_own.indicator_code
    where
        descendants.depth > 0
        and with_own.indicator_code is null
),

own_or_descendants as (
    select
        indicator_code,
        activity,
        'own' as activity_basis
    from own_activities

    union all

    select
        indicator_code,
        activity,
        'descendants' as activity_basis
    from from_descendants
),

with_own_or_descendants as (
    select distinct own_or_descendants.indicator_code
    from own_or_descendants
),

from_parts as (
    select distinct
        indicators.indicator_code,
        own_or_descendants.activity
    from indicators
    inner join own_or_descendants
        on own_or_descendants.indicator_code in (
            indicators.numerator_code, indicators.denominator_code
        )
    left join with_own_or_descendants
        on indicators.indicator_code = with_own_or_descendants.indicator_code
    where
        indicators.kind = 'ratio'
        and with_own_or_descendants.indicator_code is null
),

final as (
    select
        indicator_code,
        activity,
        activity_basis
    from own_or_descendants

    union all

    select
        indicator_code,
        activity,
        'ratio_parts' as activity_basis
    from from_parts
)

select * from final
