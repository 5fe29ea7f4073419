-- noqa: disable=LT02
{#- SQL expressions for rules used in more than one model or read from a var. Each
    renders to one line, so it fits wherever it is called. (The noqa above: nothing in
    this file renders outside a macro, and sqlfluff's jinja templater asks to indent the
    bare line breaks between the tags.) -#}

{#- Quote text as a SQL string literal. -#}
{% macro sql_string(text) -%}
'{{ text | string | replace("'", "''") }}'
{%- endmacro %}

{#- Rank of a plan source in var('plan_source_priority'), 1 = preferred. A source not
    listed comes after the listed ones; a missing source last. -#}
{% macro plan_source_rank(column) -%}
{%- set priority = var('plan_source_priority') -%}
{%- set listed = [] -%}
{%- for source_name in priority -%}
{%- set _ = listed.append(sql_string(source_name | upper)) -%}
{%- endfor -%}
{%- set position = 'list_position([' ~ listed | join(', ') ~ ']::varchar[], '
    ~ 'upper(' ~ column ~ '))' -%}
{%- set n = priority | length -%}
case when {{ column }} is null then {{ n + 2 }} else coalesce({{ position }}, {{ n + 1 }}) end
{%- endmacro %}

{#- The reporting calendar (raw/reference/reporting_calendar.csv) for an activity it does
    not list - monthly, due on the 10th of the following month (the SPEC's default; the
    Python side has it once more, in dagster_project/orchestration/schedules.py). -#}
{% macro calendar_default(part) -%}
{%- set defaults = {'frequency': "'monthly'", 'deadline_day': 10, 'deadline_months_after': 1} -%}
{{ defaults[part] }}
{%- endmacro %}

{#- Months in one reporting period of a frequency (NULL for an unknown one). -#}
{% macro months_per_period(frequency_column) -%}
case {{ frequency_column }} when 'monthly' then 1 when 'quarterly' then 3 when 'half_yearly' then 6 when 'yearly' then 12 end
{%- endmacro %}

{#- First day of the reporting period (of `months` months, aligned on 1 January) that
    holds a month. -#}
{% macro reporting_period_start(month_expression, months_expression) -%}
make_date(year({{ month_expression }}), ((month({{ month_expression }}) - 1) // {{ months_expression }}) * {{ months_expression }} + 1, 1)
{%- endmacro %}

{#- The deadline (a DATE) of a period that ends on `period_end`: day `day` of the month
    `months_after` months later, the month's last day when it is shorter. -#}
{% macro reporting_deadline(period_end, day, months_after) -%}
cast(date_trunc('month', {{ period_end }}) + to_months({{ months_after }}) + to_days(least({{ day }}, day(last_day(cast(date_trunc('month', {{ period_end }}) + to_months({{ months_after }}) as date)))) - 1) as date)
{%- endmacro %}

{#- A registry unit (table alias) is active on a date: active_from <= date <= active_to,
    a missing bound being open. -#}
{% macro is_active_on(alias, date_expression) -%}
coalesce({{ alias }}.active_from <= {{ date_expression }}, true) and coalesce({{ alias }}.active_to >= {{ date_expression }}, true)
{%- endmacro %}

{#- A registry unit (table alias) is active at some point between two dates, inclusive. -#}
{% macro is_active_during(alias, start_expression, end_expression) -%}
coalesce({{ alias }}.active_from <= {{ end_expression }}, true) and coalesce({{ alias }}.active_to >= {{ start_expression }}, true)
{%- endmacro %}

{#- A decimal as text for a message: machine form, no trailing zeros (1500.5, 12). -#}
{% macro decimal_text(expression) -%}
regexp_replace(cast(cast({{ expression }} as decimal(38, 6)) as varchar), '\.?0+$', '')
{%- endmacro %}

{#- Whether a warning is of severity review (a likely error, held for a person's
    decision before publication): a scale jump, a revision jump, a failed rule of
    importance high. Used by quality.warnings and int_open_review_flags. -#}
{% macro is_review_flag(check_name, rule_importance) -%}
{%- set jump = check_name ~ " in ('value_scale_jump', 'revision_jump')" -%}
{%- set is_high = "coalesce(" ~ rule_importance ~ " = 'high', false)" -%}
({{ jump }} or ({{ check_name }} = 'rule_failed' and {{ is_high }}))
{%- endmacro %}

{#- Whether `value` is nearer than `other` to `median` as a factor (2x and 1/2 are equally
    far); NULL without a positive median or with a zero `value`. -#}
{% macro closer_to_median(value, other, median) -%}
{%- set m = "cast(" ~ median ~ " as double)" -%}
{%- set v = "cast(" ~ value ~ " as double)" -%}
{%- set o = "cast(" ~ other ~ " as double)" -%}
{%- set value_factor = "greatest(" ~ v ~ " / " ~ m ~ ", " ~ m ~ " / " ~ v ~ ")" -%}
{%- set other_factor = "greatest(" ~ o ~ " / " ~ m ~ ", " ~ m ~ " / " ~ o ~ ")" -%}
(case when {{ m }} > 0 and {{ v }} > 0 then {{ value_factor }} < case
when {{ o }} > 0 then {{ other_factor }} else 'infinity'::double end end)
{%- endmacro %}

{#- Where a sector comes in the report's reading order (var('sector_order'), the
    article's): 0 and its place for a listed sector (compared lower-case), 1 and 0 for
    another sector (those follow alphabetically), 2 and 0 without a sector. Two
    expressions, for `part` = 'group' and 'position'. -#}
{% macro sector_reading_rank(column, part) -%}
{%- set listed = [] -%}
{%- for sector in var('sector_order') -%}
{%- set _ = listed.append(sql_string(sector | lower)) -%}
{%- endfor -%}
{%- set position = 'list_position([' ~ listed | join(', ') ~ ']::varchar[], '
    ~ 'lower(' ~ column ~ '))' -%}
{%- if part == 'group' -%}
case when {{ column }} is null then 2 when {{ position }} is null then 1 else 0 end
{%- else -%}
coalesce({{ position }}, 0)
{%- endif -%}
{%- endmacro %}
