"""A nota's sections ('Aanleiding', 'Geadviseerd besluit', 'Kern', ...) and its advice."""

from __future__ import annotations

import re

from adapters.importer.text import Block, blocks_of, tidy

HEADINGS = (
    ("aanleiding", r"aanleiding"),
    ("geadviseerd besluit", r"geadviseerde?\s+besluit(?:en)?|beslispunt(?:en)?|advies"),
    ("kern", r"kern(?:punten)?|kernboodschap(?:pen)?"),
    ("toelichting", r"toelichting"),
    ("krachtenveld", r"krachtenveld"),
    ("niet openbaar", r"informatie\s+die\s+niet\s+openbaar.*"),
    ("bijlagen", r"bijlagen?|bijlage\(n\)"),
)
CONTENT = {"aanleiding", "geadviseerd besluit", "kern", "toelichting"}
_RUN_ON = re.compile(r"(?<=[.;])\s+(?=\d{1,2}[.)]\s+\S)")  # '1. Akkoord. 2. Akkoord.' on a line
_FIRST_NUMBER = re.compile(r"^\s*1[.)]\s+")  # the body starts here

_PREFIX = r"^\s*(?P<markdown>#{1,6}\s*)?(?:\d{1,2}\.?\s+)?"
_KNOWN = re.compile(_PREFIX + "(?:" + "|".join(
    f"(?P<h{index}>{pattern})" for index, (_, pattern) in enumerate(HEADINGS)) + r")\s*:?\s*$",
    re.I)
_MARKDOWN = re.compile(r"^\s*#{1,6}\s*(?:\d{1,2}\.?\s+)?(?P<name>.+?)\s*:?\s*$")
MAX_HEADING = 80

Section = tuple[str, list[str]]


def heading_of(line: str) -> str | None:
    """The normalised name of the section this line heads, or None if it heads none."""
    if len(line) > MAX_HEADING:
        return None
    if known := _KNOWN.match(line):
        return next(HEADINGS[int(group[1:])][0] for group, text in known.groupdict().items()
                    if text and group.startswith("h"))
    markdown = _MARKDOWN.match(line)
    return markdown["name"].lower() if markdown else None


def body_start(lines: list[str]) -> int:
    """The index of the first content heading: where the header column ends."""
    return next((index for index, line in enumerate(lines) if heading_of(line) in CONTENT),
                len(lines))


def split_sections(lines: list[str]) -> list[Section]:
    """The body cut at its headings, a repeated heading's lines added to the first."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        name = heading_of(line)
        if name is not None:
            current = sections.setdefault(name, [])
        elif current is not None:
            current.append(line)
    return list(sections.items())


def section_blocks(sections: list[Section]) -> list[tuple[str, list[Block]]]:
    """Each section's paragraphs and list items."""
    return [(name, blocks_of(lines)) for name, lines in sections]


def section_texts(sections: list[tuple[str, list[Block]]]) -> tuple[tuple[str, str], ...]:
    """Each section as text: one line per paragraph or list item."""
    return tuple((name, "\n".join(block.render() for block in blocks))
                 for name, blocks in sections)


def advised_decisions(sections: list[tuple[str, list[Block]]]) -> tuple[str, ...]:
    """Each item (or prose paragraph) under 'Geadviseerd besluit'."""
    blocks = dict(sections).get("geadviseerd besluit", [])
    return tuple(text for block in blocks for text in _items(block) if text)


def _items(block: Block) -> list[str]:
    """A block's advice: one item, or several numbered items written on one line."""
    text = tidy(block.text)
    numbered = block.kind == "numbered" and block.number == 1 or _FIRST_NUMBER.match(text)
    parts = _RUN_ON.split(text) if numbered else [text]
    if len(parts) < 2:
        return [text]
    return [tidy(re.sub(r"^\d{1,2}[.)]\s+", "", part)) for part in parts]
