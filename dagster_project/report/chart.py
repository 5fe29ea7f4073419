"""Percent of plan by indicator, for print: an SVG and a 300-dpi PNG (matplotlib, no
pyplot, no network).

One horizontal bar per indicator with a plan, coloured by status, with a black tick at
``expected_pct`` (where the indicator should stand at the period end) and its value
written in Vietnamese form ("51,7%"). The title names the period once ("Thực hiện so
với kế hoạch năm: 6 tháng đầu năm 2023, tỉnh X"); a source line under the plot says
where the figures come from and the date they stand at ("Nguồn: báo cáo của các đơn
vị, tổng hợp ngày 30/6/2023": the data cut-off, not the clock, so a rerun gives the same
file). The figure is built on a bare ``matplotlib.figure.Figure``, which renders with
Agg and touches no global pyplot state; the font is matplotlib's bundled DejaVu Sans,
which has the Vietnamese glyphs. The SVG's element ids come from a fixed salt and it
carries no date, so it too is the same on every run.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from dagster_project.publish.atomic import replaced_atomically
from dagster_project.report import labels
from dagster_project.report.model import ReportContext, Row, has_data
from dagster_project.report.numbers_vi import (
    format_date_vi,
    format_number_vi,
    format_percent_vi,
    to_decimal,
)
from dagster_project.report.text_vi import province_label_vi, source_line

STATUS_COLOURS = {
    "ahead": "#2e7d32",
    "on_track": "#1565c0",
    "behind": "#e65100",
}
OTHER_COLOUR = "#9e9e9e"
PRINT_DPI = 300
CHART_SUFFIXES = (".png", ".svg")


def _plain(text: object) -> str:
    """Input text shown literally: a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def chart_title(context: ReportContext, province_label: str) -> str:
    """ "Thực hiện so với kế hoạch năm: 6 tháng đầu năm 2023, tỉnh X" (the year once)."""
    when = f"{labels.period_label_vi(context.period)} {context.year}"
    if context.period == "FY":
        when = f"năm {context.year}"
    if context.through is not None:
        when += f" (lũy kế đến {format_date_vi(context.through)})"
    return f"Thực hiện so với kế hoạch năm: {when}, {province_label}"


def chart_rows(context: ReportContext) -> list[Row]:
    """The indicators the chart shows: those with data and a percent of plan."""
    return [
        row
        for row in context.rows
        if has_data(row) and to_decimal(row.get("pct_of_plan")) is not None
    ]


def build_chart(context: ReportContext, province_label: str | None = None) -> Figure:
    rows = chart_rows(context)
    label = province_label or province_label_vi(context.province_code, context.province_name)
    height = 2.2 + 0.45 * max(len(rows), 1)
    # 17 cm wide: the text width of an A4 page with the margins a Sở uses.
    figure = Figure(figsize=(6.7, height), dpi=PRINT_DPI, layout="constrained")
    ax = figure.subplots()
    figure.suptitle(_plain(chart_title(context, label)), fontsize=10)
    figure.supxlabel(_plain(source_line(context)), fontsize=7, x=0.01, ha="left", style="italic")
    if not rows:
        ax.axis("off")
        ax.text(0.5, 0.5, "Chưa có chỉ tiêu có kế hoạch", ha="center", va="center")
        return figure

    positions = list(range(len(rows)))[::-1]  # first indicator on top
    values = [float(to_decimal(row["pct_of_plan"])) for row in rows]
    colours = [STATUS_COLOURS.get(row.get("status"), OTHER_COLOUR) for row in rows]
    ax.barh(positions, [max(v, 0.0) for v in values], color=colours, height=0.6)
    top = max([*values, 100.0])
    for y, row in zip(positions, rows, strict=True):
        expected = to_decimal(row.get("expected_pct"))
        if expected is not None:
            ax.vlines(float(expected), y - 0.4, y + 0.4, colors="black", linewidth=2)
            top = max(top, float(expected))
    for y, row, value in zip(positions, rows, values, strict=True):
        # Right of both the bar and the tick, so the tick never crosses the text.
        expected = to_decimal(row.get("expected_pct"))
        right = max(value, 0.0, float(expected) if expected is not None else 0.0)
        text = format_percent_vi(value) + (" (ước)" if row.get("is_estimate") else "")
        ax.text(right + top * 0.012, y, text, va="center", fontsize=7)

    names = [
        _plain(textwrap.fill(str(row.get("indicator_name_vi") or row.get("indicator_code")), 34))
        for row in rows
    ]
    ax.set_yticks(positions, labels=names, fontsize=7)
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{format_number_vi(x, 0)}%"))
    ax.set_xlabel("% kế hoạch năm", fontsize=7)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    present = [s for s in STATUS_COLOURS if any(row.get("status") == s for row in rows)]
    handles = [Patch(color=STATUS_COLOURS[s], label=labels.STATUS_VI[s]) for s in present]
    handles.append(Line2D([], [], color="black", linewidth=2, label="Mức cần đạt"))
    # Under the axis, above the source line (a figure legend would share its edge).
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncols=len(handles),
        fontsize=7,
        frameon=False,
    )
    return figure


def _save(figure: Figure, path: Path) -> Path:
    """Save ``figure`` to ``path`` atomically, in the format its suffix names."""
    kind = Path(path).suffix.lstrip(".").lower() or "png"
    metadata = {"Software": None} if kind == "png" else {"Date": None, "Creator": None}
    # SVG text as <text> (found by search, read by screen readers, a tenth of the size).
    style = {"svg.hashsalt": "ict-report", "svg.fonttype": "none"}
    with rc_context(style), replaced_atomically(path) as temporary:
        figure.savefig(temporary, format=kind, dpi=PRINT_DPI, metadata=metadata)
    return path


def write_chart(context: ReportContext, path: Path, province_label: str | None = None) -> Path:
    """Render the chart to ``path`` atomically, in the format its suffix names (.png at
    300 dpi, .svg)."""
    return _save(build_chart(context, province_label), path)


def write_charts(context: ReportContext, stem: Path) -> list[Path]:
    """The chart as ``<stem>.png`` (300 dpi, for Word and print) and ``<stem>.svg``: one
    figure, laid out once (the layout is kept for the second format: it is the slow part)."""
    figure = build_chart(context)
    paths = []
    for suffix in CHART_SUFFIXES:
        paths.append(_save(figure, stem.parent / f"{stem.name}{suffix}"))
        figure.set_layout_engine("none")
    return paths
