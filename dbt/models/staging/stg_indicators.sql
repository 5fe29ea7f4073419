with

source as (
    select * from {{ source('raw', 'indicators') }}
),

renamed as (
    select
        indicator_code,
        name_vi as indicator_name_vi,
        name_en as indicator_name_en,
        sector_code,
        unit,
        lower(kind) as kind,
        numerator_code,
        denominator_code,
        parent_code,
        coalesce(higher_is_better, true) as higher_is_better,
        activity as activities
    from source
)

select * from renamed
