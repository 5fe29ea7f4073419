{#- SQL expressions for rules used in more than one model or read from a var. Each
    renders to one line, so it fits wherever it is called. -#}

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

{#- Deadline day (in the month after the reported month) for an activity: the override in
    var('reporting_deadline_day_by_activity'), else var('reporting_deadline_day'). -#}
{% macro deadline_day(activity_column) -%}
{%- set by_activity = var('reporting_deadline_day_by_activity') -%}
{%- set default_day = var('reporting_deadline_day') | int -%}
{%- if by_activity -%}
{%- set activities = [] -%}
{%- set days = [] -%}
{%- for activity, day in by_activity.items() -%}
{%- set _ = activities.append(sql_string(activity | lower)) -%}
{%- set _ = days.append(day | int) -%}
{%- endfor -%}
{%- set position = 'list_position([' ~ activities | join(', ') ~ '], ' ~ activity_column ~ ')' -%}
coalesce(list_extract([{{ days | join(', ') }}], {{ position }}), {{ default_day }})
{%- else -%}
{{ default_day }}
{%- endif -%}
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
