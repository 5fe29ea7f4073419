{#- Run at the end of `dbt build` / `dbt run` (on-run-end in dbt_project.yml):
    1. the raw tables, created by Python, get the descriptions of the sources' YAML
       (models/staging/_sources.yml) as DuckDB comments, as persist_docs does for models;
    2. a column of a schema analysts see that is still without a comment gets the
       description written for a column of the same name elsewhere (sources first, then
       models): `file_path` means the same everywhere, so it is described once.
    The comments go to DuckDB as one statement (one query of dbt's instead of ~140,
    docs/DESIGN.md "Performance"), after the one query that finds the blank columns:
    table comments never make a column blank or filled, so the order does not matter. -#}
{% macro describe_sources_and_columns() -%}
    {%- if execute and flags.WHICH in ('build', 'run') -%}
        {%- set statements = [] -%}
        {%- set source_columns = {} -%}
        {%- for source in graph.sources.values() -%}
            {%- set relation = source.schema ~ '.' ~ source.identifier -%}
            {%- do source_columns.update({relation: source.columns}) -%}
            {%- if source.description -%}
                {%- set comment = duckdb_escape_comment(source.description) -%}
                {%- set statement = 'comment on table ' ~ relation ~ ' is ' ~ comment ~ ';' -%}
                {%- do statements.append(statement) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set glossary = column_glossary() -%}
        {%- set blank = run_query(blank_columns_query()) -%}
        {%- for row in blank.rows -%}
            {%- set own = source_columns.get(row[0] ~ '.' ~ row[1], {}).get(row[2]) -%}
            {%- set own_text = own.description if own else none -%}
            {%- set description = own_text or glossary.get(row[2]) -%}
            {%- if description -%}
                {%- set column = row[0] ~ '.' ~ row[1] ~ '.' ~ adapter.quote(row[2]) -%}
                {%- set comment = duckdb_escape_comment(description) -%}
                {%- do statements.append('comment on column ' ~ column ~ ' is ' ~ comment ~ ';') -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if statements -%}
            {%- do run_query(statements | join('\n')) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Columns without a comment in the schemas analysts see. -#}
{% macro blank_columns_query() -%}
    select schema_name, table_name, column_name from duckdb_columns()
    where database_name = current_database()
        and schema_name in ('raw', 'staging', 'intermediate', 'marts', 'quality')
        and coalesce(comment, '') = ''
{%- endmacro %}

{#- Column name -> its first description in the YAML, sources before models. -#}
{% macro column_glossary() -%}
    {%- set glossary = {} -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') -%}
    {%- for node in graph.sources.values() | list + nodes | list -%}
        {%- for column in node.columns.values() if column.description -%}
            {%- do glossary.setdefault(column.name, column.description) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{- return(glossary) -}}
{%- endmacro %}
