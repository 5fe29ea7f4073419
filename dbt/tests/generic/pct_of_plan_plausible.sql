{#- Figures beyond the plausible share of their plan (pct_of_plan > max_pct): almost surely
    a unit slip (triệu typed as tỷ). Each comes with the submitted value that weighs most
    in it, the likely slip, and the file and row to look at; `summary` says it in a line
    (the run's failure message shows it). -#}
{% test pct_of_plan_plausible(model, max_pct) %}

with implausible as (
    select
        province_code, year, period, period_start, period_end, indicator_code,
        actual_value, plan_value, pct_of_plan
    from {{ model }}
    where pct_of_plan > {{ max_pct }}
),

contributions as (
    select
        i.province_code, i.year, i.period, i.indicator_code,
        v.file_path, v.row_number, v.value,
        row_number() over (
            partition by i.province_code, i.year, i.period, i.indicator_code
            order by v.value desc, v.file_path, v.row_number
        ) as value_rank
    from implausible as i
    inner join {{ ref('int_indicator_descendants') }} as d
        on i.indicator_code = d.ancestor_code
    inner join {{ ref('int_submissions_versioned') }} as v
        on
            d.descendant_code = v.indicator_code and v.is_current
            and v.month_start between i.period_start and i.period_end
    inner join {{ ref('stg_reporting_units') }} as u
        on v.unit_code = u.unit_code and u.province_code = i.province_code
),

found as (
    select
        i.province_code, i.year, i.period, i.indicator_code,
        i.actual_value::double as actual,
        i.plan_value::double as plan,
        round(i.pct_of_plan, 1) as pct_of_plan,
        c.file_path as largest_value_file,
        c.row_number as largest_value_row,
        c.value::double as largest_value
    from implausible as i
    left join contributions as c
        on
            i.province_code = c.province_code and i.year = c.year
            and i.period = c.period and i.indicator_code = c.indicator_code
            and c.value_rank = 1
)

select
    *,
    printf(
        '%s %s %s %s: %g is %s%% of the plan %g (limit %g%%); %s',
        indicator_code, province_code, year::varchar, period, actual,
        pct_of_plan::varchar, plan, {{ max_pct }}::double,
        coalesce(
            printf(
                'largest value %g in %s row %s',
                largest_value, largest_value_file, largest_value_row::varchar
            ),
            'no value found'
        )
    ) as summary
from found
order by pct_of_plan desc

{% endtest %}
