"""A :class:`~.document.Document` as Markdown: title, prose, the figures table, notes.

Every piece of text is escaped here, once (:func:`~dagster_project.common.markdown_text.md_escape`).
"""

from __future__ import annotations

from dagster_project.common.markdown_text import markdown_table, md_escape
from dagster_project.report.document import Document, TableRow, build_document
from dagster_project.report.language import EN, VI
from dagster_project.report.model import ReportContext

__all__ = ["markdown_table", "render_markdown", "render_markdown_en", "render_markdown_vi"]


def _indented(row: TableRow) -> list[str]:
    cells = [md_escape(cell) for cell in row.cells]
    if row.depth:
        cells[0] = "\u2003" * (row.depth - 1) + "– " + cells[0]
    return cells


def render_markdown(document: Document) -> str:
    blocks = [f"# {md_escape(document.title)}"]
    blocks += [md_escape(paragraph) for paragraph in document.paragraphs]
    if document.changes:
        blocks.append(f"## {md_escape(document.changes_heading)}")
        blocks.append("\n".join(f"- {md_escape(change)}" for change in document.changes))
    blocks.append(f"## {md_escape(document.table_heading)}")
    blocks.append(
        markdown_table(
            [md_escape(title) for title in document.table_header],
            [_indented(row) for row in document.table_rows],
            document.align,
        )
    )
    blocks.append(f"## {md_escape(document.notes_heading)}")
    blocks.append("\n".join(f"- {md_escape(note)}" for note in document.notes))
    return "\n\n".join(blocks) + "\n"


def render_markdown_vi(context: ReportContext) -> str:
    """The Vietnamese report as Markdown."""
    return render_markdown(build_document(context, VI))


def render_markdown_en(context: ReportContext) -> str:
    """The same report in English (English number form)."""
    return render_markdown(build_document(context, EN))
