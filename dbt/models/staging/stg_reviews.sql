-- A person's decisions on flagged values (raw/reference/reviews.csv, optional): one row
-- per decision, in file order.
with

source as (
    select * from {{ source('raw', 'reviews') }}
),

renamed as (
    select
        row_number as review_row_number,
        unit_code,
        indicator_code,
        period as month_start,
        decision,
        reviewer,
        reviewed_on,
        note as review_note
    from source
)

select * from renamed
