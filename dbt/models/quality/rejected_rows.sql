-- Rows that failed a check, one row per failed check per row: the evidence, kept.
with

rejected_rows as (
    select * from {{ ref('stg_rejected_rows') }}
),

final as (
    select
        file_path,
        row_number,
        column_name,
        value,
        check_name,
        message,
        message_vi,
        unit_code,
        indicator_code
    from rejected_rows
)

select * from final
