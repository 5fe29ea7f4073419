{#- Non-NULL values outside [min_value, max_value] fail; inclusive=false excludes the bounds. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
{%- set below = column_name ~ (' < ' if inclusive else ' <= ') ~ min_value
    if min_value is not none else 'false' %}
{%- set above = column_name ~ (' > ' if inclusive else ' >= ') ~ max_value
    if max_value is not none else 'false' %}

select *
from {{ model }}
where {{ column_name }} is not null and ({{ below }} or {{ above }})

{% endtest %}
