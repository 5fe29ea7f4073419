-- The plausibility warnings found in SQL, one row per warning, with the row they point
-- at and a message in English and Vietnamese that says what was expected. They never
-- reject anything: the values are loaded and used as they are.
--   value_scale_jump              a value 10x its recent months, or 1/10 of them (review)
--   parent_differs_from_children  a total that disagrees with the sum of its parts
--   outside_active_dates          a unit reporting for a month it is not active in
with

recent_months as (
    select * from {{ ref('int_values_compared_with_recent_months') }}
),

parents as (
    select * from {{ ref('int_parents_compared_with_children') }}
),

active_dates as (
    select * from {{ ref('int_unit_months_checked_against_active_dates') }}
),

units as (
    select * from {{ ref('stg_reporting_units') }}
),

scale_jumps as (
    select
        units.province_code,
        recent_months.unit_code,
        recent_months.indicator_code,
        recent_months.month_start as period,
        recent_months.file_path,
        recent_months.row_number,
        'value' as column_name,
        {{ decimal_text('recent_months.value') }} as value,
        'value_scale_jump' as check_name,
        recent_months.ratio_to_median >= 1 as is_larger,
        cast(round(greatest(
            recent_months.ratio_to_median, 1 / recent_months.ratio_to_median
        )) as hugeint) as times,
        {{ decimal_text('recent_months.previous_median') }} as median_text,
        recent_months.n_previous_months,
        recent_months.first_previous_month,
        recent_months.last_previous_month
    from recent_months
    inner join units
        on recent_months.unit_code = units.unit_code
    where recent_months.is_scale_jump
),

scale_jump_warnings as (
    select
        province_code,
        unit_code,
        indicator_code,
        period,
        file_path,
        row_number,
        column_name,
        value,
        check_name,
        'value ' || value || ' is ' || times || ' times '
        || case when is_larger then 'larger' else 'smaller' end
        || ' than the median ' || median_text || ' of the previous '
        || n_previous_months || ' months with data ('
        || strftime(first_previous_month, '%Y-%m') || ' to '
        || strftime(last_previous_month, '%Y-%m')
        || '): check the unit of measure (e.g. triệu instead of tỷ đồng)' as message,
        'giá trị ' || replace(value, '.', ',') || ' '
        || case
            when is_larger then 'lớn gấp ' || times || ' lần'
            else 'chỉ bằng 1/' || times
        end
        || ' trung vị ' || replace(median_text, '.', ',') || ' của ' || n_previous_months
        || ' tháng trước có số liệu (' || strftime(first_previous_month, '%m/%Y')
        || ' đến ' || strftime(last_previous_month, '%m/%Y')
        || '): hãy kiểm tra lại đơn vị tính (ví dụ triệu đồng thay vì tỷ đồng)' as message_vi
    from scale_jumps
),

parent_warnings as (
    select
        province_code,
        unit_code,
        indicator_code,
        month_start as period,
        file_path,
        row_number,
        'value' as column_name,
        {{ decimal_text('value') }} as value,
        'parent_differs_from_children' as check_name,
        'the total ' || {{ decimal_text('value') }} || ' submitted for ' || indicator_code
        || ' differs from the sum ' || {{ decimal_text('children_value') }}
        || ' of its parts for the same month ('
        || coalesce(cast(round(difference_pct, 1) as varchar) || '%', 'the sum is 0')
        || ', tolerance ' || {{ var('parent_sum_tolerance_pct') }}
        || '%): the parts are used; check the total or the parts' as message,
        'tổng ' || replace({{ decimal_text('value') }}, '.', ',') || ' báo cáo cho chỉ tiêu '
        || indicator_code || ' khác tổng các chỉ tiêu thành phần cùng tháng là '
        || replace({{ decimal_text('children_value') }}, '.', ',') || ' ('
        || coalesce(
            'lệch ' || replace(cast(round(difference_pct, 1) as varchar), '.', ',') || '%',
            'tổng bằng 0'
        )
        || ', cho phép ' || {{ var('parent_sum_tolerance_pct') }}
        || '%): số liệu thành phần được sử dụng; '
        || 'hãy kiểm tra lại tổng hoặc các thành phần' as message_vi
    from parents
    where differs
),

active_date_warnings as (
    select
        province_code,
        unit_code,
        cast(null as varchar) as indicator_code,
        month_start as period,
        file_path,
        first_row_number as row_number,
        'period' as column_name,
        strftime(month_start, '%Y-%m') as value,
        'outside_active_dates' as check_name,
        'unit ' || unit_code || ' is not active in ' || strftime(month_start, '%Y-%m')
        || ' according to the registry (active from '
        || coalesce(strftime(active_from, '%Y-%m-%d'), 'always') || ' to '
        || coalesce(strftime(active_to, '%Y-%m-%d'), 'now') || '): '
        || case
            when n_values = 1 then 'the value of that month in this file is loaded'
            else 'the ' || n_values || ' values of that month in this file are loaded'
        end
        || '; check the unit code and the period, or ask the Department to update the '
        || 'registry' as message,
        'đơn vị ' || unit_code || ' không hoạt động trong tháng '
        || strftime(month_start, '%m/%Y') || ' theo danh sách đơn vị báo cáo (hoạt động từ '
        || coalesce(strftime(active_from, '%d/%m/%Y'), 'trước đây') || ' đến '
        || coalesce(strftime(active_to, '%d/%m/%Y'), 'nay') || '): ' || n_values
        || ' giá trị của tháng này trong tệp vẫn được ghi nhận; hãy kiểm tra mã đơn vị '
        || 'và kỳ báo cáo, hoặc đề nghị Sở cập nhật danh sách đơn vị' as message_vi
    from active_dates
    where not is_active
),

final as (
    select * from scale_jump_warnings
    union all
    select * from parent_warnings
    union all
    select * from active_date_warnings
)

select * from final
