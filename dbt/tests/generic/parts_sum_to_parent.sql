{#- Parents whose value differs from the sum of their children's (the mart's
    parent_code, the catalogue's) by more than tolerance_pct percent of that sum, per province x year x
    period: a bug of the roll-up. -#}
{% test parts_sum_to_parent(model, tolerance_pct) %}

with children as (
    select
        province_code, year, period, parent_code,
        sum(actual_value)::double as children_sum
    from {{ model }}
    where parent_code is not null and actual_value is not null
    group by all
)

select
    c.province_code, c.year, c.period, c.parent_code,
    p.actual_value::double as parent_value,
    c.children_sum
from children as c
inner join {{ model }} as p
    on
        c.province_code = p.province_code and c.year = p.year
        and c.period = p.period and c.parent_code = p.indicator_code
where
    abs(p.actual_value::double - c.children_sum)
    > greatest(abs(c.children_sum), 1e-9) * {{ tolerance_pct }} / 100

{% endtest %}
