"""A :class:`~.document.Document` as a Word file (.docx, python-docx), in the layout a
Sở uses: A4 portrait, margins 2 cm top and bottom, 3 cm left, 1.5 cm right; the title
as a centred bold heading; body text in Times New Roman 13 pt, justified, first line
indented; the chart (the 300-dpi PNG) under the prose; the figures as a real Word table
(header row repeated on each page, figures right-aligned); the notes at 11 pt.

Text goes into runs as text (python-docx escapes it for XML); characters XML cannot
hold are dropped first. The file's core properties carry no time stamp of the run.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dagster_project.publish.atomic import replaced_atomically
from dagster_project.report.document import Document

FONT = "Times New Roman"
BODY_PT = 13
TITLE_PT = 14
TABLE_PT = 10
NOTES_PT = 11
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FIXED_TIME = datetime(2000, 1, 1)  # core properties: no clock time in a published file


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _set_font(run, size: float, bold: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word takes the font of Vietnamese text from the East Asian / complex slots too.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
        fonts.set(qn(slot), FONT)


def _paragraph(doc, text: str, size: float = BODY_PT, *, bold=False, align=None, indent=True):
    paragraph = doc.add_paragraph()
    paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_after = Pt(6)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    _set_font(paragraph.add_run(_text(text)), size, bold)
    return paragraph


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _table(doc, document: Document) -> None:
    table = doc.add_table(rows=1, cols=len(document.table_header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, title in zip(header.cells, document.table_header, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(cell.paragraphs[0].add_run(_text(title)), TABLE_PT, bold=True)
    for row in document.table_rows:
        cells = table.add_row().cells
        for i, (cell, text, side) in enumerate(zip(cells, row.cells, document.align, strict=True)):
            paragraph = cell.paragraphs[0]
            if side == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if i == 0 and row.depth:
                paragraph.paragraph_format.left_indent = Cm(0.4 * row.depth)
            _set_font(paragraph.add_run(_text(text)), TABLE_PT)


def build_docx(document: Document, chart_png: Path | None = None):
    doc = new_docx()
    _page(doc)
    properties = doc.core_properties
    properties.title = _text(document.title)
    properties.author = "Sở Thông tin và Truyền thông"
    properties.created = properties.modified = _FIXED_TIME
    properties.last_modified_by = ""
    properties.revision = 1
    _paragraph(doc, document.title, TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               indent=False)  # fmt: skip
    for text in document.paragraphs:
        _paragraph(doc, text)
    if chart_png is not None and Path(chart_png).is_file():
        doc.add_picture(str(chart_png), width=Cm(16))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.changes:
        _paragraph(doc, document.changes_heading, bold=True, indent=False)
        for change in document.changes:
            _paragraph(doc, f"– {change}", NOTES_PT, indent=False)
    _paragraph(doc, document.table_heading, bold=True, indent=False)
    _table(doc, document)
    _paragraph(doc, document.notes_heading, bold=True, indent=False)
    for note in document.notes:
        _paragraph(doc, f"– {note}", NOTES_PT, indent=False)
    return doc


def write_docx(document: Document, path: Path, chart_png: Path | None = None) -> Path:
    """Write the Word file to ``path`` atomically."""
    doc = build_docx(document, chart_png)
    buffer = io.BytesIO()
    doc.save(buffer)
    with replaced_atomically(path) as temporary:
        temporary.write_bytes(_without_clock(buffer.getvalue()))
    return path


def _without_clock(package: bytes) -> bytes:
    """The .docx with every zip entry dated 1980-01-01: the zip writer stamps entries
    with the clock, and a rerun of the same figures must give the same file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = entry.compress_type  # a PNG is stored, not squeezed again
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
