"""Page furniture out of the body: page numbers, repeated header blocks, footnotes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from adapters.importer.labels import match_label

PAGE_MARKER = re.compile(r"^\s*(?:pagina|page|blad)\s+\d+\s+(?:van|of)\s+\d+\s*$", re.I)
_FOOTNOTE = re.compile(r"^\s*(\d{1,2})(?: {1,4}(\S.*))?$")
_MAX_NOTE_LINES = 3


@dataclass(frozen=True)
class Margin:
    """What the first page's header column holds, to recognise it when a page repeats it."""

    lines: frozenset[str]  # every header line, casefolded
    values: dict[str, frozenset[str]]  # field key -> the values it has, casefolded

    def shows(self, value: str) -> bool:
        """Whether some header field has this value."""
        return any(value.casefold() in values for values in self.values.values())


@dataclass(frozen=True)
class Body:
    """The body lines with page furniture removed, and the footnotes found at page feet."""

    lines: list[str]
    footnotes: dict[int, str]


def clean_body(lines: list[str], margin: Margin) -> Body:
    """The body without page numbers, the header blocks repeated per page, and footnotes."""
    kept: list[str] = []
    footnotes: dict[int, str] = {}
    for number, page in enumerate(_pages(lines)):
        if number:
            page = _without_margin(page, margin)
        page, notes = _without_footnotes(page, len(footnotes) + 1)
        footnotes.update(notes)
        kept.extend([*page, ""])
    return Body(_without_repeated_fields(kept, margin), footnotes)


def _pages(lines: list[str]) -> list[list[str]]:
    """The lines split at 'Pagina x van y' markers, which are dropped."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if PAGE_MARKER.match(line):
            pages.append([])
        else:
            pages[-1].append(line)
    return pages


def _without_margin(page: list[str], margin: Margin) -> list[str]:
    """A page without the header block it starts with (labels, values, letterhead lines)."""
    index, expect_value = 0, False
    while index < len(page):
        text = page[index].strip().casefold()
        label = match_label(page[index])
        if label and not label[2]:
            expect_value = True
        elif text and text not in margin.lines:
            repeated = label and margin.shows(label[2])
            if not (repeated or (expect_value and margin.shows(text))):
                break
            expect_value = False
        index += 1
    return page[index:]


def _without_repeated_fields(lines: list[str], margin: Margin) -> list[str]:
    """Lines without 'label / value' pairs that repeat the header (page breaks in Markdown)."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        end = _repeated_field_end(lines, index, margin)
        if end is None:
            kept.append(lines[index])
            index += 1
        else:
            index = end
    return kept


def _repeated_field_end(lines: list[str], index: int, margin: Margin) -> int | None:
    """The index after a repeated 'label / value' pair starting at index, else None."""
    label = match_label(lines[index])
    if label is None or label[2] or label[0] not in margin.values:
        return None
    following = index + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    if following < len(lines) and lines[following].strip().casefold() in margin.values[label[0]]:
        return following + 1
    return None


def _without_footnotes(page: list[str], first: int) -> tuple[list[str], dict[int, str]]:
    """A page without the footnotes at its foot (numbered on from first), and those notes."""
    for start, line in enumerate(page):
        match = _FOOTNOTE.match(line)
        if match and int(match[1]) == first:
            notes = _footnote_chain((page[index] for index in range(start, len(page))), first)
            if notes is not None:
                return page[:start], notes
    return page, {}


def _footnote_chain(lines: Iterable[str], number: int) -> dict[int, str] | None:
    """The footnotes if lines hold nothing but consecutive short notes, else None."""
    notes: dict[int, str] = {}
    extra = 0
    for line in filter(str.strip, lines):
        match = _FOOTNOTE.match(line)
        if match and int(match[1]) == number + len(notes):
            notes[int(match[1])] = (match[2] or "").strip()
            extra = 0
            continue
        extra += 1
        if match or extra > _MAX_NOTE_LINES:
            return None
        last = max(notes)
        notes[last] = f"{notes[last]} {line.strip()}".strip()
    return notes
