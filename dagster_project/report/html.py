"""A :class:`~.document.Document` as one self-contained HTML file, printable to A4.

No external resource: the style sheet is inline and the chart is the SVG itself,
embedded in the page. Print CSS: A4 portrait with the margins of an administrative
document (2 cm top and bottom, 3 cm left, 1.5 cm right), Times New Roman 13 pt, the
table repeating its header on each page. Every piece of text is escaped here, once
(:func:`html.escape`); the SVG is matplotlib's own output, embedded without its XML
prologue.
"""

from __future__ import annotations

import html
import re

from dagster_project.report.document import Document, TableRow

STYLE = """
@page { size: A4 portrait; margin: 2cm 1.5cm 2cm 3cm; }
html { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif;
       font-size: 13pt; line-height: 1.4; color: #000; }
body { max-width: 17cm; margin: 1.5em auto; }
h1 { font-size: 14pt; text-align: center; text-transform: none; margin: 0 0 1em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }
p { text-align: justify; text-indent: 1cm; margin: 0 0 0.5em; }
figure { margin: 1em 0; text-align: center; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
thead { display: table-header-group; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; }
td.right { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
ul.notes { font-size: 11pt; padding-left: 1.2em; }
@media print { body { margin: 0; max-width: none; } }
"""

_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)


def _cell(text: str, align: str, depth: int = 0) -> str:
    style = f' style="padding-left:{0.3 + 1.2 * depth:.1f}em"' if depth else ""
    css = ' class="right"' if align == "right" else ""
    return f"<td{css}{style}>{html.escape(text)}</td>"


def _row(row: TableRow, align: tuple[str, ...]) -> str:
    cells = [
        _cell(text, side, row.depth if i == 0 else 0)
        for i, (text, side) in enumerate(zip(row.cells, align, strict=True))
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def inline_svg(svg: str) -> str:
    """The SVG document as an element of the page (no XML prologue or doctype)."""
    return _XML_PROLOGUE.sub("", svg, count=1)


def render_html(document: Document, chart_svg: str | None = None) -> str:
    """The whole page; ``chart_svg`` (the chart's SVG text) is embedded after the prose."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(document.language)}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(document.title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body>",
        f"<h1>{e(document.title)}</h1>",
    ]
    parts += [f"<p>{e(paragraph)}</p>" for paragraph in document.paragraphs]
    if chart_svg:
        parts.append(f"<figure>{inline_svg(chart_svg)}</figure>")
    if document.changes:
        parts.append(f"<h2>{e(document.changes_heading)}</h2>")
        parts.append("<ul>" + "".join(f"<li>{e(c)}</li>" for c in document.changes) + "</ul>")
    parts.append(f"<h2>{e(document.table_heading)}</h2>")
    header = "".join(f"<th>{e(title)}</th>" for title in document.table_header)
    body = "\n".join(_row(row, document.align) for row in document.table_rows)
    parts.append(f"<table><thead><tr>{header}</tr></thead><tbody>\n{body}\n</tbody></table>")
    parts.append(f"<h2>{e(document.notes_heading)}</h2>")
    parts.append('<ul class="notes">' + "".join(f"<li>{e(n)}</li>" for n in document.notes))
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"
