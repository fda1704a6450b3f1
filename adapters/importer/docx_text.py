"""A Word document's text: paragraphs in order, headings and lists marked, tables as rows."""

from __future__ import annotations

import io
import zipfile

from adapters.importer.labels import is_label
from adapters.importer.model import ImportRefused

_LIST_STYLES = {"list bullet": "- ", "list paragraph": "- "}


def docx_text(data: bytes) -> str:
    """The document's text, one paragraph after another with a blank line between."""
    try:
        from docx import Document

        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportRefused(f"cannot import: this is not a readable Word document ({error})",
                            "unreadable_document") from None
    parts = [_header_text(section) for section in document.sections]
    numbers: dict[str, int] = {}
    for item in document.iter_inner_content():
        parts.append(_table(item) if hasattr(item, "rows") else _paragraph(item, numbers))
    return "\n\n".join(part for part in parts if part.strip())


def _header_text(section) -> str:
    """What the page header holds (a letterhead's fields are often there)."""
    header = section.header
    if header.is_linked_to_previous:
        return ""
    return "\n\n".join(_table(item) if hasattr(item, "rows") else item.text
                       for item in header.iter_inner_content())


def _paragraph(paragraph, numbers: dict[str, int]) -> str:
    """A paragraph with its heading level or list marker written as Markdown would."""
    text, style = paragraph.text, (paragraph.style.name if paragraph.style else "").lower()
    if style.startswith("heading") and style[-1:].isdigit():
        return "#" * int(style[-1]) + " " + text
    if style.startswith("title"):
        return "# " + text
    if style.startswith("list number"):
        numbers[style] = numbers.get(style, 0) + 1
        return f"{numbers[style]}. {text}"
    numbers.clear()
    if style.startswith("list bullet") or style in _LIST_STYLES or _has_numbering(paragraph):
        return "  " * _level(paragraph, style) + "- " + text
    return text


def _level(paragraph, style: str) -> int:
    """How deep a list item is nested: 'List Bullet 2' or its numbering level."""
    if style[-1:].isdigit():
        return int(style[-1]) - 1
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    level = numbering.ilvl if numbering is not None else None
    return int(level.val) if level is not None else 0


def _has_numbering(paragraph) -> bool:
    """Whether Word numbers or bullets this paragraph itself (a w:numPr on it)."""
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _table(table) -> str:
    """A table: 'label / value' rows as a field and its value, other rows as tab-separated cells."""
    lines = []
    for row in table.rows:
        cells = _distinct_cells(row)
        texts = [cell.text.strip() for cell in cells]
        if len(texts) == 2 and is_label(texts[0].rstrip(":")):
            lines.append(f"{texts[0]}\n{texts[1]}\n")
        elif any(texts):
            lines.append("\t".join(" ".join(text.split()) for text in texts))
    return "\n".join(lines)


def _distinct_cells(row) -> list:
    """A row's cells, a cell merged across columns counted once."""
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells
