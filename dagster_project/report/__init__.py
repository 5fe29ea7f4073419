"""The report layer: marts → Vietnamese (and English) Markdown, .xlsx and a chart.

``write_reports(con, reports_dir)`` is the entry point; everything below it is a pure
function of plain row dicts (``model``, ``text_vi``, ``text_en``, ``markdown``) or of
one report (``excel``, ``chart``). Number style: ``numbers_vi``. Also here: what goes
back to the units (``feedback``), the summary ``make run`` prints (``summary``) and the
data dictionary (``dictionary``). May import: ``publish`` (to open the warehouse),
``common``, ``catalog``.
"""

from dagster_project.report.model import ReportContext, build_contexts, figure_from_row
from dagster_project.report.writer import write_report, write_reports

__all__ = [
    "ReportContext",
    "build_contexts",
    "figure_from_row",
    "write_report",
    "write_reports",
]
