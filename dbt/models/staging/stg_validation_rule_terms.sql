-- One row per rule, side and indicator code of that side: `POSTAL_REVENUE+TELECOM_REVENUE`
-- on the left is two rows. A side's value is the sum of its codes' values.
with

rules as (
    select * from {{ ref('stg_validation_rules') }}
),

sides as (
    select
        rule_code,
        'left' as term_side,
        left_expression as codes_text
    from rules

    union all

    select
        rule_code,
        'right' as term_side,
        right_expression as codes_text
    from rules
),

final as (
    select
        rule_code,
        term_side,
        unnest(string_split(codes_text, '+')) as indicator_code
    from sides
)

select * from final
