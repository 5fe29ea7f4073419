{#- persist_docs for DuckDB in two queries per relation: dbt's default (dbt-duckdb has
    none of its own) sends the relation's comment alone, then reads the relation's
    columns twice (once to warn about YAML columns the relation lacks, once more inside
    duckdb__alter_column_comment) before the column comments; each query costs dbt
    ~20 to 50 ms of its own overhead (docs/DESIGN.md "Performance"). Here: the columns
    read once, then the relation's and its columns' comments as one statement. Same
    comments, same warning, same quoting. -#}
{% macro duckdb__persist_docs(relation, model, for_relation, for_columns) -%}
    {%- set statements = [] -%}
    {%- if for_relation and config.persist_relation_docs() and model.description -%}
        {%- do statements.append(alter_relation_comment(relation, model.description) | trim) -%}
    {%- endif -%}
    {%- if for_columns and config.persist_column_docs() and model.columns -%}
        {%- set existing = adapter.get_columns_in_relation(relation) | map(attribute='name') -%}
        {%- set existing = existing | list -%}
        {%- set documented = validate_doc_columns(relation, model.columns, existing) -%}
        {%- for name, column in documented.items() -%}
            {%- set quoted = adapter.quote(name) if column['quote'] else name -%}
            {%- set comment = duckdb_escape_comment(column['description']) -%}
            {%- do statements.append(
                'comment on column ' ~ relation ~ '.' ~ quoted ~ ' is ' ~ comment ~ ';'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if statements -%}
        {%- do run_query(statements | join('\n')) -%}
    {%- endif -%}
{%- endmacro %}
