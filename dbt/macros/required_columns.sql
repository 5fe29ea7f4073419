{#- The columns marked required in the YAML of the model behind `relation` (read by
    dbt/tests/generic/required_columns_filled.sql). The graph is
    only there at run time; a model given this test without a required column is an
    error, not a check that passes on nothing. -#}
{% macro required_columns(relation) %}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') -%}
    {%- for node in models
        if node.schema == relation.schema and node.alias == relation.identifier -%}
        {%- set names = [] -%}
        {%- for column in node.columns.values() if (column.meta or {}).get('required') -%}
            {%- do names.append(column.name) -%}
        {%- endfor -%}
        {%- if not names -%}
            {%- do exceptions.raise_compiler_error(
                'required_columns_filled on ' ~ node.name ~ ': no column has meta required: true'
            ) -%}
        {%- endif -%}
        {{- return(names) -}}
    {%- endfor -%}
    {%- do exceptions.raise_compiler_error('required_columns_filled: no model for ' ~ relation) -%}
{% endmacro %}
