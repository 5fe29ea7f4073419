{#- Sectors of each province's latest period with data (H1 or H2) where fewer than
    min_pct percent of the registry's expected units reported (the sector's least
    complete indicator). -#}
{% test completeness_by_sector(model, min_pct) %}

with latest as (
    select province_code, max(period_end) as period_end
    from {{ model }}
    where actual_value is not null and period <> 'FY'
    group by province_code
),

by_sector as (
    select
        m.province_code, m.year, m.period, m.sector_code,
        min(m.completeness_pct) as completeness_pct
    from {{ model }} as m
    inner join latest as l
        on m.province_code = l.province_code and m.period_end = l.period_end
    where m.period <> 'FY' and m.units_expected > 0
    group by all
)

select *
from by_sector
where completeness_pct < {{ min_pct }}
order by all

{% endtest %}
