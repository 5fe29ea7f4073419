-- What changed in each edition of each report. Declared here (columns, types; the YAML
-- describes them) and built empty: the rows are the reports' editions, which are not in
-- raw/ but in the reports' archive, so the publish step fills them into the build file
-- just before it is published (dagster_project/report/editions.py,
-- write_edition_changes; docs/DESIGN.md "The editions in the warehouse").
select
    cast(null as varchar) as province_code,
    cast(null as integer) as year,
    cast(null as varchar) as period,
    cast(null as integer) as edition,
    cast(null as varchar) as indicator_code,
    cast(null as varchar) as indicator_name_vi,
    cast(null as varchar) as unit,
    cast(null as varchar) as field,
    cast(null as decimal(38, 6)) as old_value,
    cast(null as decimal(38, 6)) as new_value,
    cast(null as varchar) as reason,
    cast(null as varchar) as reason_vi,
    cast(null as varchar) as units_before,
    cast(null as varchar) as units_after
where false
