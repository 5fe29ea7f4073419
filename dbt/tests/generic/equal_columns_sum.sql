{#- A total equals the sum of its parts, row by row (e.g. received = accepted + rejected). -#}
{% test equal_columns_sum(model, column_name, summands) %}

select *
from {{ model }}
where {{ column_name }} is distinct from ({{ summands | join(' + ') }})

{% endtest %}
