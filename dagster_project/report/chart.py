"""Percent of plan by indicator, as a PNG (matplotlib, no pyplot, no network).

One horizontal bar per indicator with a plan, coloured by status, with a black tick at
``expected_pct`` (where the indicator should stand at the period end) and its value
written in Vietnamese form ("51,7%"). The figure is built on a bare
``matplotlib.figure.Figure``, which renders with Agg and touches no global pyplot
state; the font is matplotlib's bundled DejaVu Sans, which has the Vietnamese glyphs.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from dagster_project.atomic import replaced_atomically
from dagster_project.report import labels
from dagster_project.report.model import ReportContext, Row, has_data
from dagster_project.report.numbers_vi import format_number_vi, format_percent_vi, to_decimal
from dagster_project.report.text_vi import province_label_vi

STATUS_COLOURS = {
    "ahead": "#2e7d32",
    "on_track": "#1565c0",
    "behind": "#e65100",
}
OTHER_COLOUR = "#9e9e9e"


def _plain(text: object) -> str:
    """Input text shown literally: a "$" would otherwise start matplotlib mathtext."""
    return str(text).replace("$", r"\$")


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
    height = 1.8 + 0.6 * max(len(rows), 1)
    figure = Figure(figsize=(10, height), dpi=110, layout="constrained")
    ax = figure.subplots()
    figure.suptitle(
        _plain(
            f"Thực hiện so với kế hoạch năm {context.year}: "
            f"{labels.period_label_vi(context.period)} {context.year}, {label}"
        ),
        fontsize=11,
    )
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
        ax.text(right + top * 0.012, y, text, va="center", fontsize=9)

    names = [
        _plain(textwrap.fill(str(row.get("indicator_name_vi") or row.get("indicator_code")), 40))
        for row in rows
    ]
    ax.set_yticks(positions, labels=names, fontsize=9)
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{format_number_vi(x, 0)}%"))
    ax.set_xlabel("% kế hoạch năm")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    present = [s for s in STATUS_COLOURS if any(row.get("status") == s for row in rows)]
    handles = [Patch(color=STATUS_COLOURS[s], label=labels.STATUS_VI[s]) for s in present]
    handles.append(Line2D([], [], color="black", linewidth=2, label="Mức cần đạt"))
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8)
    return figure


def write_chart(context: ReportContext, path: Path, province_label: str | None = None) -> Path:
    """Render the chart to ``path`` atomically."""
    figure = build_chart(context, province_label)
    with replaced_atomically(path) as temporary:
        figure.savefig(temporary, format="png", metadata={"Software": None})
    return path
