-- Validation rules between indicators (raw/reference/validation_rules.csv, optional):
-- one row per rule. The sides are kept as the checked `+`-joined catalogue codes; they
-- are compared as values (stg_validation_rule_terms), never spliced into SQL.
with

source as (
    select * from {{ source('raw', 'validation_rules') }}
),

renamed as (
    select
        rule_code,
        description_vi,
        description_en,
        "left" as left_expression,
        operator,
        "right" as right_expression,
        importance,
        tolerance_pct
    from source
)

select * from renamed
