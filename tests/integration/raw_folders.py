"""Small raw folders the tests build: another province, other codes, other years."""

from __future__ import annotations

import textwrap
from pathlib import Path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def build_raw_folder(raw: Path) -> None:
    _write(
        raw / "reference/indicators.csv",
        """
        indicator_code,name_vi,name_en,sector_code,unit,kind,numerator_code,denominator_code,parent_code,higher_is_better,activity
        SALES,Doanh số,Sales,shop,triệu đồng,flow,,,TOTAL_SALES,true,shop
        SERVICE_FEES,Phí dịch vụ,Service fees,shop,triệu đồng,flow,,,TOTAL_SALES,true,shop
        TOTAL_SALES,Tổng doanh thu,Total sales,shop,triệu đồng,flow,,,,true,
        TOWERS,Số cột,Towers,net,cột,stock,,,,true,tower
        VILLAGES_ALL,Số thôn,Villages,office,thôn,stock,,,,true,office
        VILLAGES_ONLINE,Số thôn trực tuyến,Villages online,office,thôn,stock,,,,true,office
        ONLINE_SHARE,Tỷ lệ,Share,office,%,ratio,VILLAGES_ONLINE,VILLAGES_ALL,,true,office
        """,
    )
    _write(
        raw / "reference/reporting_units.csv",
        """
        unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to
        S1,Cửa hàng 1,enterprise,HN,shop,0100000001,2020-01-01,
        S2,Cửa hàng 2,enterprise,HN,shop,0100000002,2020-01-01,
        S3,Cửa hàng tỉnh khác,enterprise,XX,shop,0100000003,2020-01-01,
        T1,Công ty cột,enterprise,HN,tower,0100000004-001,2020-01-01,
        O1,Văn phòng,agency,HN,office,,2020-01-01,
        """,
    )
    _write(
        raw / "reference/plans.csv",
        """
        year,province_code,indicator_code,plan_value,source,plan_source,revised_on
        2030,HN,TOTAL_SALES,800,KH 2030,UBND,
        2031,HN,TOTAL_SALES,1000,KH 2031,UBND,
        2031,HN,TOWERS,60,KH 2031,UBND,
        2031,HN,ONLINE_SHARE,80,KH 2031,UBND,
        """,
    )
    _write(
        raw / "submissions/2030/s1.csv",
        """
        unit_code,period,indicator_code,value,status,submitted_at
        S1,2030-01,SALES,100,actual,2030-02-05
        S1,2030-07,SALES,150,actual,2030-08-05
        T1,2030-12,TOWERS,45,actual,2031-01-05
        """,
    )
    # Vietnamese headers, Vietnamese numbers, an estimate later revised by an actual.
    _write(
        raw / "submissions/2031/01/s1_uoc.csv",
        """
        ma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,ngay_gui
        S1,01/2031,SALES,190,Ước,25/1/2031
        """,
    )
    _write(
        raw / "submissions/2031/s1.csv",
        """
        ma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,ngay_gui
        S1,01/2031,SALES,200,thuc_hien,5/2/2031
        S1,02/2031,SALES,"210,5",thuc_hien,5/3/2031
        """,
    )
    _write(
        raw / "submissions/2031/others.csv",
        """
        unit_code,period,indicator_code,value,status,submitted_at
        S2,2031-01,SERVICE_FEES,40,actual,2031-02-04
        S3,2031-01,SALES,999,actual,2031-02-04
        T1,2031-01,TOWERS,50,actual,2031-02-04
        T1,2031-03,TOWERS,55,actual,2031-04-04
        O1,2031-03,VILLAGES_ALL,10,actual,2031-04-04
        O1,2031-03,VILLAGES_ONLINE,7,actual,2031-04-04
        """,
    )
    # June closes the half-year for the shops (a nil return), so H1 2031 is complete.
    _write(
        raw / "submissions/2031/06/s2.csv",
        """
        unit_code,period,indicator_code,value,status,submitted_at
        S2,2031-06,SERVICE_FEES,0,actual,2031-07-04
        """,
    )


def build_calendar_raw_folder(raw: Path) -> None:
    """A province whose reporting calendar has a quarterly and a half-yearly activity
    (the shops are not listed: monthly, due on the 10th). Tower firm Q1 sends Q1 three
    days late and Q2 on time; Q2 sends Q1 on its deadline day and never Q2; factory F1
    sends its half-year on the deadline day; shop S1 sends June four days late."""
    _write(
        raw / "reference/indicators.csv",
        """
        indicator_code,name_vi,name_en,sector_code,unit,kind,numerator_code,denominator_code,parent_code,higher_is_better,activity
        SALES,Doanh số,Sales,shop,triệu đồng,flow,,,,true,shop
        TOWERS,Số cột,Towers,net,cột,stock,,,,true,tower
        OUTPUT,Sản lượng,Output,factory,tấn,flow,,,,true,factory
        """,
    )
    _write(
        raw / "reference/reporting_units.csv",
        """
        unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to
        S1,Cửa hàng,enterprise,QN,shop,,2020-01-01,
        Q1,Công ty cột 1,enterprise,QN,tower,,2020-01-01,
        Q2,Công ty cột 2,enterprise,QN,tower,,2020-01-01,
        F1,Nhà máy,enterprise,QN,factory,,2020-01-01,
        """,
    )
    _write(
        raw / "reference/plans.csv",
        """
        year,province_code,indicator_code,plan_value,source,plan_source,revised_on
        2031,QN,SALES,100,KH 2031,UBND,
        2031,QN,TOWERS,10,KH 2031,UBND,
        2031,QN,OUTPUT,50,KH 2031,UBND,
        """,
    )
    _write(
        raw / "reference/reporting_calendar.csv",
        """
        activity,frequency,deadline_day,deadline_months_after
        tower,quarterly,15,1
        factory,half_yearly,20,1
        """,
    )
    shop_rows = "".join(
        f"S1,2031-{month:02d},SALES,10,actual,2031-{month + 1:02d}-05\n" for month in range(1, 6)
    )
    _write(
        raw / "submissions/2031/s1.csv",
        "unit_code,period,indicator_code,value,status,submitted_at\n"
        + shop_rows
        + "S1,2031-06,SALES,10,actual,2031-07-14\n",
    )
    _write(
        raw / "submissions/2031/towers.csv",
        """
        unit_code,period,indicator_code,value,status,submitted_at
        Q1,2031-03,TOWERS,4,actual,2031-04-18 09:00
        Q1,2031-06,TOWERS,5,actual,2031-07-10 09:00
        Q2,2031-03,TOWERS,3,actual,2031-04-15 16:30
        """,
    )
    factory_rows = "".join(
        f"F1,2031-{month:02d},OUTPUT,4,actual,2031-07-20 15:00\n" for month in range(1, 7)
    )
    _write(
        raw / "submissions/2031/H1/f1.csv",
        "unit_code,period,indicator_code,value,status,submitted_at\n" + factory_rows,
    )
