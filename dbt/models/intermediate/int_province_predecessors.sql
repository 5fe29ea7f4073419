-- Every province with each province merged into it, directly or through a chain of
-- mergers. Used for pro-forma comparisons only: facts are never recoded.
with recursive

provinces as (
    select * from {{ ref('stg_provinces') }}
),

lineage as (
    select
        successor_code,
        province_code as predecessor_code,
        1 as depth
    from provinces
    where
        successor_code is not null
        and successor_code <> province_code

    union all

    select
        lineage.successor_code,
        provinces.province_code as predecessor_code,
        lineage.depth + 1 as depth
    from lineage
    inner join provinces
        on lineage.predecessor_code = provinces.successor_code
    where lineage.depth < 10
),

final as (
    select
        successor_code,
        predecessor_code,
        min(depth) as depth
    from lineage
    where successor_code <> predecessor_code
    group by successor_code, predecessor_code
)

select * from final
