{#- Rows where a boolean SQL expression is not true fail. On a model, or on a column (the
    expression then follows the column name, e.g. ">= 0"). -#}
{% test expression_is_true(model, expression, column_name=none) %}
{%- set condition = (column_name ~ ' ' ~ expression) if column_name is not none else expression %}

select *
from {{ model }}
where not coalesce({{ condition }}, false)

{% endtest %}
