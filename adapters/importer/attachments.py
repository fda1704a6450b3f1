"""The attachments table (Volgnummer / Naam / Informatie) in tabs, pipes or columns."""

from __future__ import annotations

import re

from adapters.importer.model import ParsedAttachment
from adapters.importer.text import NUMBERED

_HEADER = re.compile(r"\bvolgnummer\b", re.I)
_PIPE_RULE = re.compile(r"^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$")
_COLUMN_GAP = re.compile(r"\S+(?:\s\S+)*")
_LABELLED = re.compile(r"^\s*(?:[-•*]\s*)?bijlage\s+(\d{1,3})\s*[:.–-]\s*(\S.*)$", re.I)
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")

Row = list[str]


def read_attachments(lines: list[str]) -> tuple[list[ParsedAttachment], list[str]]:
    """(attachments, warnings) from the lines of the 'Bijlagen' section."""
    start = next((index for index, line in enumerate(lines) if _HEADER.search(line)), None)
    if start is None:
        return _numbered_list(lines)
    header, rows = lines[start], [line for line in lines[start + 1:] if line.strip()]
    if "|" in header:
        table = [_pipe_cells(line) for line in rows if not _PIPE_RULE.match(line)]
    elif "\t" in header:
        table = [[cell.strip() for cell in line.split("\t")] for line in rows]
    else:
        table = _column_rows(header, rows)
    return _attachments(table)


def _numbered_list(lines: list[str]) -> tuple[list[ParsedAttachment], list[str]]:
    """Attachments written as a numbered list; other lines become warnings."""
    found, warnings = [], []
    for line in filter(str.strip, lines):
        if item := NUMBERED.match(line):
            found.append(ParsedAttachment(int(item[2]), item[3].strip()))
        elif item := _LABELLED.match(line):
            found.append(ParsedAttachment(int(item[1]), item[2].strip()))
        else:
            warnings.append(f"attachment line not understood: {line.strip()!r}")
    return found, warnings


def _pipe_cells(line: str) -> Row:
    """The cells of a Markdown table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _column_rows(header: str, lines: list[str]) -> list[Row]:
    """Rows of a fixed-width table (pdftotext -layout); wrapped cells joined."""
    starts = [match.start() for match in _COLUMN_GAP.finditer(header)]
    rows: list[list[list[str]]] = []
    for line in lines:
        cells = _cut(line, starts)
        if _NUMBER.match(cells[0]) or not rows:
            rows.append([[cell] for cell in cells])
        else:
            for parts, cell in zip(rows[-1], cells, strict=True):
                parts.append(cell)
    return [[" ".join(filter(None, parts)) for parts in row] for row in rows]


def _cut(line: str, starts: list[int]) -> Row:
    """A line cut into one cell per column, never through the middle of a word."""
    bounds = [0, *(_word_start(line, start) for start in starts[1:]), len(line)]
    return [line[begin:end].strip() for begin, end in zip(bounds, bounds[1:], strict=False)]


def _word_start(line: str, position: int) -> int:
    """The position, moved left to the start of the word it falls in."""
    position = min(position, len(line))
    while 0 < position < len(line) and not line[position - 1].isspace() \
            and not line[position].isspace():
        position -= 1
    return position


def _attachments(table: list[Row]) -> tuple[list[ParsedAttachment], list[str]]:
    """Attachments from table rows; a row without a sequence number becomes a warning."""
    found, warnings = [], []
    for row in table:
        cells = [*row, "", ""]
        if _NUMBER.match(cells[0]):
            found.append(ParsedAttachment(int(cells[0]), cells[1], " ".join(cells[2:]).strip()))
        elif any(cells):
            warnings.append(f"attachment row without a number: {' | '.join(filter(None, row))!r}")
    return found, warnings
