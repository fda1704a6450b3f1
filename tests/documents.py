"""Word and PDF versions of a nota's text, written the way ministries lay them out."""

from __future__ import annotations

import io
import re

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
BULLET = re.compile(r"^(\s*)-\s+(.*)$")
EMPHASIS = re.compile(r"\*\*")


def blocks(text: str) -> list[list[str]]:
    """The text's blank-line-separated blocks of lines (comments and emphasis left out)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    found, current = [], []
    for line in text.split("\n"):
        line = EMPHASIS.sub("", line).rstrip()
        if line.strip():
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


def docx_from_text(text: str, letterhead: bool = False) -> bytes:
    """A .docx: headings and list items styled, tab rows as tables, other blocks as paragraphs
    with line breaks; with letterhead, the header's fields in a two-column table."""
    from docx import Document

    document = Document()
    parts = blocks(text)
    if letterhead:
        fields, parts = header_fields(parts)
        table = document.add_table(rows=0, cols=2)
        for label, value in fields:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, "\n".join(value)
    for block in parts:
        _docx_block(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_block(document, block: list[str]) -> None:
    """One block of lines into the document."""
    if all("\t" in line for line in block[1:]) and "\t" in block[0]:
        rows = [line.split("\t") for line in block]
        table = document.add_table(rows=0, cols=max(map(len, rows)))
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = value
        return
    lines: list[str] = []
    for line in block:
        if heading := HEADING.match(line):
            _flush(document, lines)
            document.add_heading(heading[2], level=min(len(heading[1]), 9))
        elif bullet := BULLET.match(line):
            _flush(document, lines)
            style = "List Bullet 2" if len(bullet[1]) >= 2 else "List Bullet"
            document.add_paragraph(bullet[2], style=style)
        elif lines or not line[:1].isspace() or not document.paragraphs \
                or not _is_item(document.paragraphs[-1]):
            lines.append(line)
        else:  # a list item's continuation line
            document.paragraphs[-1].add_run(" " + line.strip())
    _flush(document, lines)


def _is_item(paragraph) -> bool:
    return paragraph.style.name.startswith("List")


def _flush(document, lines: list[str]) -> None:
    """The lines gathered so far as one paragraph with line breaks."""
    if not lines:
        return
    paragraph = document.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    lines.clear()


def header_fields(parts: list[list[str]]) -> tuple[list[tuple[str, list[str]]], list[list[str]]]:
    """(label/value pairs of a seed-shaped header, the blocks after them): a status line, then
    label and value blocks up to the 'Aan / Van' block."""
    fields, index = [], 0
    if parts and parts[0][0].startswith("TER "):
        fields.append(("", parts[0]))
        index = 1
    while index + 1 < len(parts) and parts[index][0].strip() != "Aan":
        fields.append((parts[index][0].strip(), parts[index + 1]))
        index += 2
    return fields, parts[index:]


def redacted(line: str) -> str:
    """A line as a PDF shows it: a redaction box is drawn, not written (no text is left)."""
    return line.replace("■", " ").replace("☒", " ")


def pdf_from_text(text: str) -> bytes:
    """A PDF with every line of the text where a fixed-width font puts it (one column)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    size, left, top, bottom = 8, 40, A4[1] - 40, 40
    y = top
    for line in _aligned(re.sub(r"<!--.*?-->", "", text, flags=re.S).split("\n")):
        if y < bottom:
            canvas.showPage()
            y = top
        if line.strip():
            canvas.setFont("Courier", size)
            canvas.drawString(left, y, redacted(line).replace("\t", "    ").rstrip())
        y -= size * 1.2
    canvas.save()
    return out.getvalue()


def _aligned(lines: list[str]) -> list[str]:
    """Lines with tab-separated cells padded into columns, as a table is laid out on paper."""
    rows = [line.split("\t") for line in lines if "\t" in line]
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) + 3
              for i in range(max(map(len, rows), default=0))]
    return ["".join(cell.ljust(width) for cell, width in zip(line.split("\t"), widths,
                                                             strict=False))
            if "\t" in line else line for line in lines]


def pdf_letterhead(text: str) -> bytes:
    """A PDF laid out like a real beslisnota: the header's fields in a column on the right,
    the status, addressee, title and body on the left, in a proportional font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    fields, body = header_fields(blocks(text))
    y = A4[1] - 60
    for label, value in fields:
        for line in ([label] if label else []) + value:
            canvas.setFont("Helvetica-Bold" if line == label else "Helvetica", 7)
            canvas.drawString(430, y, redacted(line).strip())
            y -= 9
        y -= 9
    writer = _Column(canvas, 60, 390, A4[1] - 60, stringWidth)
    for block in body:
        writer.block(block)
    canvas.save()
    return out.getvalue()


class _Column:
    """Paragraphs and list items written into the left column, wrapped, page after page."""

    def __init__(self, canvas, left, right, top, width_of) -> None:
        self.canvas, self.left, self.right, self.top = canvas, left, right, top
        self.width_of, self.y, self.size = width_of, top, 9

    def block(self, lines: list[str]) -> None:
        if all("\t" in line for line in lines):
            for line in lines:
                self._row(line.split("\t"))
        else:
            for line in lines:
                heading = HEADING.match(line)
                bullet = BULLET.match(line)
                if heading:
                    self._wrap(heading[2], 0, "", "Helvetica-Bold")
                elif bullet:
                    self._wrap(bullet[2], 14 + 14 * (len(bullet[1]) >= 2), "•")
                else:
                    self._wrap(line.strip(), 0, "")
        self.y -= self.size * 1.2

    def _row(self, cells: list[str]) -> None:
        """A table row, each cell wrapped within its column, as a ministry's table is."""
        starts, widths = (0, 70, 270), (60, 190, 60)
        wrapped = [self._cell_lines(cell, width) for cell, width in zip(cells, widths,
                                                                         strict=False)]
        for index in range(max(map(len, wrapped))):
            self._need()
            self.canvas.setFont("Helvetica", self.size)
            for lines, start in zip(wrapped, starts, strict=False):
                if index < len(lines):
                    self.canvas.drawString(self.left + start, self.y, lines[index])
            self.y -= self.size * 1.35

    def _cell_lines(self, text: str, width: float) -> list[str]:
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if self.width_of(trial, "Helvetica", self.size) > width and line:
                lines.append(line)
                line = word
            else:
                line = trial
        return lines + [line]

    def _wrap(self, text: str, indent: float, marker: str, font: str = "Helvetica") -> None:
        words, line = text.split(), ""
        first = True
        for word in words:
            trial = f"{line} {word}".strip()
            if self.width_of(trial, font, self.size) > self.right - self.left - indent and line:
                self._line(line, indent, marker if first else "", font)
                first, line = False, word
            else:
                line = trial
        self._line(line, indent, marker if first else "", font)

    def _line(self, text: str, indent: float, marker: str, font: str) -> None:
        self._need()
        self.canvas.setFont(font, self.size)
        if marker:
            self.canvas.drawString(self.left + indent - 12, self.y, marker)
        self.canvas.drawString(self.left + indent, self.y, text)
        self.y -= self.size * 1.35

    def _need(self) -> None:
        if self.y < 60:
            self.canvas.showPage()
            self.y = self.top
