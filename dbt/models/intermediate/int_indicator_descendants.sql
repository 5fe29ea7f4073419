-- The transitive closure of parent_code: every indicator with itself (depth 0) and with
-- each indicator below it. Roll-ups sum over this.
with recursive

indicators as (
    select * from {{ ref('stg_indicators') }}
),

closure as (
    select
        indicator_code as ancestor_code,
        indicator_code as descendant_code,
        0 as depth
    from indicators

    union all

    select
        closure.ancestor_code,
        indicators.indicator_code as descendant_code,
        closure.depth + 1 as depth
    from closure
    inner join indicators
        on closure.descendant_code = indicators.parent_code
    -- The contract rejects parent cycles (indicators.csv); should one get through, it
    -- stops here, and tests/closure_is_acyclic_and_complete fails the
    -- build: it sees the indicator as its own descendant at depth > 0 (kept below), and
    -- a chain cut at this depth as a missing descendant.
    where closure.depth < 20
),

parents as (
    select distinct parent_code
    from indicators
    where parent_code is not null
),

final as (
    select
        closure.ancestor_code,
        closure.descendant_code,
        -- Shortest depth, except for an indicator with itself: the longest, so that a
        -- cycle (itself again at depth 2, 4, ...) is not hidden behind depth 0.
        case
            when closure.ancestor_code = closure.descendant_code then max(closure.depth)
            else min(closure.depth)
        end as depth,
        parents.parent_code is null as descendant_is_leaf
    from closure
    left join parents
        on closure.descendant_code = parents.parent_code
    group by
        closure.ancestor_code,
        closure.descendant_code,
        parents.parent_code
)

select * from final
