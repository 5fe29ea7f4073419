-- One row per province x year x period (H1, H2, FY) x indicator, for every province-year
-- with a plan or data and every indicator with a plan or data in that province-year,
-- in the report's reading order (display_order, depth).
with recursive

period_values as (
    select * from {{ ref('int_period_values') }}
),

plans as (
    select * from {{ ref('int_plans_in_force') }}
),

completeness as (
    select * from {{ ref('int_period_completeness') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

periods as (
    select * from {{ ref('int_reporting_periods') }}
),

figures_needing_review as (
    select * from {{ ref('int_figures_needing_review') }}
),

provinces as (
    select * from {{ ref('stg_provinces') }}
),

-- A province's name: the one valid last (a renamed province keeps its code).
province_names as (
    select
        province_code,
        arg_max(province_name, coalesce(valid_from, date '0001-01-01')) as province_name
    from provinces
    where coalesce(province_name, '') <> ''
    group by province_code
),

-- A ratio's numerator and denominator, each with the ratio (the first by code should
-- an indicator be part of two): the report says the ratio, not its parts.
ratio_parts as (
    select
        numerator_code as indicator_code,
        indicator_code as ratio_code
    from indicators
    where numerator_code is not null

    union all

    select
        denominator_code as indicator_code,
        indicator_code as ratio_code
    from indicators
    where denominator_code is not null
),

ratio_of as (
    select
        indicator_code,
        min(ratio_code) as ratio_of
    from ratio_parts
    group by indicator_code
),

own_values as (
    select *
    from period_values
    where scope = 'own'
),

pro_forma_values as (
    select *
    from period_values
    where scope = 'with_predecessors' and includes_predecessors
),

-- Last year's figure for a period: the pro-forma sum where predecessors reported, else
-- the province's own.
comparison_bases as (
    select
        province_code,
        year,
        period,
        indicator_code,
        actual_value,
        true as is_pro_forma
    from pro_forma_values

    union all

    select
        own_values.province_code,
        own_values.year,
        own_values.period,
        own_values.indicator_code,
        own_values.actual_value,
        false as is_pro_forma
    from own_values
    left join pro_forma_values
        on
            own_values.province_code = pro_forma_values.province_code
            and own_values.year = pro_forma_values.year
            and own_values.period = pro_forma_values.period
            and own_values.indicator_code = pro_forma_values.indicator_code
    where pro_forma_values.province_code is null
),

indicator_years as (
    select distinct
        province_code,
        year,
        indicator_code
    from own_values

    union

    select distinct
        province_code,
        year,
        indicator_code
    from plans
),

universe as (
    select
        indicator_years.province_code,
        indicator_years.year,
        periods.period,
        periods.period_order,
        periods.period_start,
        periods.period_end,
        indicator_years.indicator_code
    from indicator_years
    inner join periods
        on indicator_years.year = periods.year
),

joined as (
    select
        universe.province_code,
        universe.year,
        universe.period,
        universe.period_order,
        universe.period_start,
        universe.period_end,
        universe.indicator_code,
        indicators.indicator_name_vi,
        indicators.indicator_name_en,
        indicators.unit,
        indicators.kind,
        indicators.sector_code,
        indicators.parent_code,
        indicators.higher_is_better,
        own_values.actual_value,
        own_values.is_estimate,
        own_values.as_of,
        own_values.months_with_data,
        own_values.last_month_with_data,
        plans.plan_value,
        plans.plan_source,
        plans.plan_document,
        plans.plan_revised_on,
        previous_period.actual_value as prev_year_value,
        previous_period.is_pro_forma as prev_year_is_pro_forma,
        previous_close.actual_value as prev_year_closing_value,
        coalesce(completeness.units_expected, 0) as units_expected,
        coalesce(completeness.units_reporting, 0) as units_reporting,
        province_names.province_name,
        ratio_of.ratio_of
    from universe
    inner join indicators
        on universe.indicator_code = indicators.indicator_code
    left join own_values
        on
            universe.province_code = own_values.province_code
            and universe.year = own_values.year
            and universe.period = own_values.period
            and universe.indicator_code = own_values.indicator_code
    left join plans
        on
            universe.province_code = plans.province_code
            and universe.year = plans.year
            and universe.period = plans.period
            and universe.indicator_code = plans.indicator_code
    left join comparison_bases as previous_period
        on
            universe.province_code = previous_period.province_code
            and universe.year - 1 = previous_period.year
            and universe.period = previous_period.period
            and universe.indicator_code = previous_period.indicator_code
    left join comparison_bases as previous_close
        on
            universe.province_code = previous_close.province_code
            and universe.year - 1 = previous_close.year
            and previous_close.period = 'FY'
            and universe.indicator_code = previous_close.indicator_code
    left join completeness
        on
            universe.province_code = completeness.province_code
            and universe.year = completeness.year
            and universe.period = completeness.period
            and universe.indicator_code = completeness.indicator_code
    left join province_names
        on universe.province_code = province_names.province_code
    left join ratio_of
        on universe.indicator_code = ratio_of.indicator_code
),

expectations as (
    select
        *,
        case
            when plan_value <> 0
                then 100 * actual_value::double / plan_value::double
        end as pct_of_plan,
        case
            when kind = 'flow' and period = 'FY' then 'flow_full_year'
            when kind = 'flow' then 'flow_half_year'
            when kind = 'ratio' then 'ratio_level'
            when plan_value is null or plan_value = 0 then 'stock_no_target'
            when period <> 'H1' then 'stock_year_end_target'
            when prev_year_closing_value is null then 'stock_no_prior_level'
            else 'stock_straight_line'
        end as expected_basis
    from joined
),

paced as (
    select
        *,
        case expected_basis
            when 'flow_full_year' then 100.0
            when 'flow_half_year' then 50.0
            when 'ratio_level' then 100.0
            when 'stock_year_end_target' then 100.0
            when 'stock_no_prior_level' then 100.0
            when 'stock_straight_line'
                then
                    100 * (
                        prev_year_closing_value::double
                        + (plan_value::double - prev_year_closing_value::double) / 2
                    ) / plan_value::double
        end as expected_pct
    from expectations
),

gapped as (
    select
        *,
        pct_of_plan - expected_pct as pace_gap_pp,
        coalesce(last_month_with_data >= date_trunc('month', period_end), false)
            as is_period_complete
    from paced
),

final as (
    select
        province_code,
        year,
        period,
        indicator_code,
        indicator_name_vi,
        indicator_name_en,
        unit,
        kind,
        actual_value,
        plan_value,
        pct_of_plan,
        expected_pct,
        pace_gap_pp,
        case
            when actual_value is null then 'no_data'
            when plan_value is null or plan_value = 0 then 'no_plan'
            when abs(round(pace_gap_pp, 9)) <= {{ var('on_track_tolerance_pp') }} then 'on_track'
            when (pace_gap_pp > 0) = higher_is_better then 'ahead'
            else 'behind'
        end as status,
        -- A period still under way has no like-for-like base (January–June of a year is
        -- not comparable with the whole of the year before): no comparison rather than a
        -- misleading one.
        case when is_period_complete then prev_year_value end as prev_year_value,
        case
            when is_period_complete and prev_year_value <> 0
                then
                    100 * (actual_value::double - prev_year_value::double)
                    / prev_year_value::double
        end as yoy_pct,
        coalesce(is_estimate, false) as is_estimate,
        as_of,
        units_expected,
        units_reporting,
        case
            when units_expected > 0 then 100.0 * units_reporting / units_expected
        end as completeness_pct,
        sector_code,
        parent_code,
        higher_is_better,
        period_order,
        period_start,
        period_end,
        plan_source,
        plan_document,
        plan_revised_on,
        expected_basis,
        coalesce(months_with_data, 0) as months_with_data,
        last_month_with_data,
        is_period_complete,
        coalesce(prev_year_is_pro_forma, false) as prev_year_is_pro_forma,
        province_name,
        ratio_of
    from gapped
),

-- A figure that includes a value held for review; the figure itself is unchanged.
with_review as (
    select
        final.*,
        figures_needing_review.indicator_code is not null as needs_review
    from final
    left join figures_needing_review
        on
            final.province_code = figures_needing_review.province_code
            and final.year = figures_needing_review.year
            and final.period = figures_needing_review.period
            and final.indicator_code = figures_needing_review.indicator_code
),

-- Reading order within a province x year x period. Siblings: by sector
-- (sector_reading_rank), then flows, stocks, ratios, then code.
sibling_ranked as (
    select
        province_code,
        year,
        period,
        indicator_code,
        parent_code,
        row_number() over (
            partition by province_code, year, period
            order by
                {{ sector_reading_rank('sector_code', 'group') }},
                {{ sector_reading_rank('sector_code', 'position') }},
                -- decides only among unlisted sectors: a listed one has its own position
                lower(sector_code),
                case kind when 'flow' then 0 when 'stock' then 1 when 'ratio' then 2 else 3 end,
                indicator_code
        ) as sibling_rank
    from with_review
),

-- A row whose parent is not in its province x year x period (or is itself) starts a tree.
tree_roots as (
    select sibling_ranked.*
    from sibling_ranked
    left join sibling_ranked as parents
        on
            sibling_ranked.province_code = parents.province_code
            and sibling_ranked.year = parents.year
            and sibling_ranked.period = parents.period
            and sibling_ranked.parent_code = parents.indicator_code
    where
        coalesce(sibling_ranked.parent_code, '') = ''
        or sibling_ranked.parent_code = sibling_ranked.indicator_code
        or parents.indicator_code is null
),

-- Each child right after its parent, depth first: ordered by the siblings' ranks on the
-- way down from its root. (A parent cycle, which the contract rejects, is never reached:
-- its rows come last, by their own rank.)
tree_paths as (
    select
        province_code,
        year,
        period,
        indicator_code,
        [sibling_rank] as rank_path
    from tree_roots

    union all

    select
        children.province_code,
        children.year,
        children.period,
        children.indicator_code,
        list_append(tree_paths.rank_path, children.sibling_rank) as rank_path
    from tree_paths
    inner join sibling_ranked as children
        on
            tree_paths.province_code = children.province_code
            and tree_paths.year = children.year
            and tree_paths.period = children.period
            and tree_paths.indicator_code = children.parent_code
    where children.parent_code <> children.indicator_code
),

-- How deep a row sits: its parents in the same province x year x period, followed up
-- until one repeats or ten are found.
parent_walk as (
    select
        province_code,
        year,
        period,
        indicator_code,
        parent_code as next_code,
        []::varchar[] as passed,
        0 as depth
    from sibling_ranked

    union all

    select
        parent_walk.province_code,
        parent_walk.year,
        parent_walk.period,
        parent_walk.indicator_code,
        parents.parent_code as next_code,
        list_append(parent_walk.passed, parents.indicator_code) as passed,
        parent_walk.depth + 1 as depth
    from parent_walk
    inner join sibling_ranked as parents
        on
            parent_walk.province_code = parents.province_code
            and parent_walk.year = parents.year
            and parent_walk.period = parents.period
            and parent_walk.next_code = parents.indicator_code
    where not list_contains(parent_walk.passed, parent_walk.next_code) and parent_walk.depth < 10
),

depths as (
    select
        province_code,
        year,
        period,
        indicator_code,
        max(depth) as depth
    from parent_walk
    group by
        province_code,
        year,
        period,
        indicator_code
),

reading_order as (
    select
        sibling_ranked.province_code,
        sibling_ranked.year,
        sibling_ranked.period,
        sibling_ranked.indicator_code,
        row_number() over (
            partition by sibling_ranked.province_code, sibling_ranked.year, sibling_ranked.period
            order by
                tree_paths.rank_path is null,
                tree_paths.rank_path,
                sibling_ranked.sibling_rank
        ) as display_order,
        depths.depth
    from sibling_ranked
    left join tree_paths
        on
            sibling_ranked.province_code = tree_paths.province_code
            and sibling_ranked.year = tree_paths.year
            and sibling_ranked.period = tree_paths.period
            and sibling_ranked.indicator_code = tree_paths.indicator_code
    inner join depths
        on
            sibling_ranked.province_code = depths.province_code
            and sibling_ranked.year = depths.year
            and sibling_ranked.period = depths.period
            and sibling_ranked.indicator_code = depths.indicator_code
),

ordered as (
    select
        with_review.*,
        reading_order.display_order::integer as display_order,
        reading_order.depth::integer as depth
    from with_review
    inner join reading_order
        on
            with_review.province_code = reading_order.province_code
            and with_review.year = reading_order.year
            and with_review.period = reading_order.period
            and with_review.indicator_code = reading_order.indicator_code
)

select * from ordered
