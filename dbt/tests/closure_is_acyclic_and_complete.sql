-- Defence in depth behind the catalogue contract (parent_not_in_cycle): roll-ups sum
-- over int_indicator_descendants, so it must hold no cycle and no cut-off chain.
-- Fails with one row per problem:
--   own_descendant  an indicator below itself (a parent_code cycle)
--   missing_child   a child of a descendant that is not a descendant itself (the
--                   recursion's depth cap cut the chain, or a cycle stopped it)
-- It reads two models; the meta names the one Dagster shows it on, as an asset check.
{{ config(severity='error', meta={'dagster': {'ref': {'name': 'int_indicator_descendants'}}}) }}

with

closure as (
    select * from {{ ref('int_indicator_descendants') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

own_descendants as (
    select
        ancestor_code,
        descendant_code,
        'own_descendant' as problem
    from closure
    where ancestor_code = descendant_code and depth > 0
),

missing_children as (
    select
        closure.ancestor_code,
        indicators.indicator_code as descendant_code,
        'missing_child' as problem
    from closure
    inner join indicators
        on closure.descendant_code = indicators.parent_code
    left join closure as reached
        on
            closure.ancestor_code = reached.ancestor_code
            and indicators.indicator_code = reached.descendant_code
    where reached.ancestor_code is null
),

final as (
    select * from own_descendants
    union all
    select * from missing_children
)

select * from final
