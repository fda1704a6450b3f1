"""Header field values: tables read as lines, where a value stands and what it looks like."""

from __future__ import annotations

import re

from adapters.importer.dates import parse_date
from adapters.importer.labels import SINGLE_LINE, is_label, match_kind, match_label, starts_field
from adapters.importer.text import indent_of

TITLE_INDENT = 8  # pdftotext puts the title in the body column, well right of the margin
NOTA_MARKER = re.compile(r"^#*\s*nota\s*$", re.I)
CO_SENDER = re.compile(r"^mede\s+namens\b", re.I)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$")


def find_reference(lines: list[str]) -> str | None:
    """A reference labelled anywhere in the text (a header repeated on a later page)."""
    for index, line in enumerate(lines):
        found = match_label(line)
        if found and found[0] == "reference":
            value = found[2] or next((later.strip() for later in lines[index + 1:index + 4]
                                      if later.strip()), "")
            if accepts("reference", [value]):
                return value
    return None


def table_rows_as_lines(lines: list[str]) -> list[str]:
    """Header lines with table rows (pipes or tabs) turned into 'label: value' lines."""
    result: list[str] = []
    for line in lines:
        if _PIPE_RULE.match(line):
            continue
        if _PIPE_ROW.match(line):
            cells = line.strip().strip("|").split("|")
        elif "\t" in line.strip():
            cells = line.split("\t")
        else:
            result.append(line)
            continue
        result.extend(_pair_cells([cell.strip() for cell in cells if cell.strip()]))
    return result


def _pair_cells(cells: list[str]) -> list[str]:
    """Table cells as lines, each label cell joined with the value cell after it."""
    lines, index = [], 0
    while index < len(cells):
        if is_label(cells[index]) and index + 1 < len(cells) and not is_label(cells[index + 1]):
            lines.append(f"{cells[index]}: {cells[index + 1]}")
            index += 2
        else:
            lines.append(cells[index])
            index += 1
    return lines


def accepts(key: str, value: list[str]) -> bool:
    """Whether these lines can be the value of this field."""
    first = value[0] if value else ""
    if key == "reference":
        return bool(re.search(r"\d", first)) and len(first) <= 60
    if key == "date":
        return parse_date(first) is not None
    if key == "attachments_count":
        return re.fullmatch(r"\d{1,3}|geen", first, re.I) is not None
    if key in SINGLE_LINE:
        return len(first) <= 40
    return len(value) <= 6 and all(len(line) <= 80 for line in value)


def skip_blank(lines: list[str], index: int) -> int:
    """The first index from here on with text."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def value_block(lines: list[str], start: int) -> list[str]:
    """Lines with text from start, up to a blank line, label, status line or title."""
    block = []
    for index in range(start, len(lines)):
        line, text = lines[index], lines[index].strip()
        if not text or starts_field(text) or match_kind(text) or NOTA_MARKER.match(text) \
                or CO_SENDER.match(text) or indent_of(line) >= TITLE_INDENT:
            break
        block.append(text)
    return block
