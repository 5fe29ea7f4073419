{#- Every required column of the model is filled: one query per model, where a `not_null`
    test per column cost dbt ~90 ms of its per-node overhead each (docs/DESIGN.md
    "Performance"). A column is required where its YAML says so, and only there:
    `config: {meta: {required: true}}`. A failure returns one row per column with
    NULLs, naming the column and how many rows lack it. (Parsing has no graph yet: no
    columns then, and dbt does not run the SQL.) -#}
{% test required_columns_filled(model) %}

with null_counts as (
    select
        {% for column in required_columns(model) -%}
            count(*) filter (where {{ adapter.quote(column) }} is null)
            as {{ adapter.quote(column) }}{{ "," if not loop.last }}
        {% endfor %}
    from {{ model }}
)

select
    column_name,
    null_rows
from (unpivot null_counts on columns(*) into name column_name value null_rows)
where null_rows > 0

{% endtest %}
