"""Running text: paragraphs and list items (blocks), reflowed lines, sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET = re.compile(r"^(\s*)(?:[-•–—*▪◦●·‣∙]|o(?=\s\s))\s+(\S.*)$")
NUMBERED = re.compile(r"^(\s*)(\d{1,2})[.)](?!\d)\s*(\S.*)$")
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
SUBHEADING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+\S")  # '4.1. Politieke context'
TABLE_ROW = re.compile(r"\t|^\s*\|.*\|\s*$")
NOTE = re.compile("\ue000(\\d+)\ue001")  # a footnote marker, kept out of the visible text
_TERMINAL = ".!?:;"
MAX_HEADING_WORDS = 6
_BOUNDARY = re.compile(r"[.!?]+[\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9À-Ý])")
_ABBREVIATIONS = {
    "zr.ms.", "zr.", "ms.", "dhr.", "mevr.", "nr.", "art.", "o.a.", "m.b.t.", "i.p.v.", "c.q.",
    "bijv.", "mr.", "dr.", "drs.", "ir.", "prof.", "e.a.", "d.w.z.", "t.a.v.", "i.v.m.",
    "z.s.m.", "vs.", "ca.", "st.", "blz.", "jo.", "resp.", "min.",
}


@dataclass
class Block:
    """A paragraph, bullet item or numbered item, with its lines as written."""

    kind: str  # "paragraph", "bullet", "numbered" or "row" (of a table)
    indent: int
    lines: list[str] = field(default_factory=list)
    number: int | None = None

    @property
    def text(self) -> str:
        """The block as one line of text (footnote markers still in)."""
        return reflow(self.lines)

    def render(self) -> str:
        """The block as a line of section text, list items with their marker."""
        text = without_notes(self.text)
        if self.kind == "row":
            return re.sub(r"\s*\t\s*", " | ", text).strip(" |")
        if self.kind == "bullet":
            return f"- {text}"
        return f"{self.number}. {text}" if self.kind == "numbered" else text


def indent_of(line: str) -> int:
    """How far the line is indented, tabs counted as four spaces."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def blocks_of(lines: list[str]) -> list[Block]:
    """The paragraphs and list items of some lines, page-split items rejoined."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in lines:
        if not line.strip() or RULE.match(line):
            current = None
            continue
        current = _continue_or_start(current, line)
        if not blocks or blocks[-1] is not current:
            blocks.append(current)
    joined = _rejoin([part for block in blocks for part in _split_heading(block)])
    for block in joined:
        block.lines = [block.text]  # reflowed once; every later reader wants the one line
    return joined


def _split_heading(block: Block) -> list[Block]:
    """A paragraph whose short first line is a subheading ('Politieke context'), as two."""
    lines = block.lines
    if block.kind != "paragraph" or len(lines) < 2 or not lines[1][:1].isupper():
        return [block]
    first = lines[0]
    short = len(first.split()) <= MAX_HEADING_WORDS and len(first) < 0.6 * max(map(len, lines[1:]))
    if not short or first.endswith(tuple(_TERMINAL + ",")):
        return [block]
    return [Block("paragraph", block.indent, [first]), Block("paragraph", block.indent, lines[1:])]


def _continue_or_start(current: Block | None, line: str) -> Block:
    """The block this line belongs to: the current one, or a new one it starts."""
    if TABLE_ROW.search(line):
        return Block("row", indent_of(line), [line.strip()])
    if SUBHEADING.match(line):
        return Block("paragraph", indent_of(line), [line.strip()])
    if bullet := BULLET.match(line):
        return Block("bullet", indent_of(line), [bullet[2]])
    if numbered := NUMBERED.match(line):
        return Block("numbered", indent_of(line), [numbered[3]], int(numbered[2]))
    if current and current.kind != "row" and (current.kind == "paragraph"
                                              or indent_of(line) > current.indent):
        current.lines.append(line.strip())
        return current
    return Block("paragraph", indent_of(line), [line.strip()])


def _rejoin(blocks: list[Block]) -> list[Block]:
    """Blocks with paragraphs that only continue the block before (a page break) merged in."""
    joined: list[Block] = []
    for block in blocks:
        if joined and block.kind == "paragraph" and _continues(joined[-1], block):
            joined[-1].lines.extend(block.lines)
        else:
            joined.append(block)
    return joined


def _continues(before: Block, block: Block) -> bool:
    """Whether block starts in lower case right after a block that ended mid-sentence."""
    ending = without_notes(before.lines[-1]).rstrip("\"'’”) ")
    return block.lines[0].strip()[:1].islower() and not ending.endswith(tuple(_TERMINAL))


def reflow(lines: list[str]) -> str:
    """Lines joined into one, words hyphenated across a line break made whole again."""
    parts: list[str] = []
    for line in (line.strip() for line in lines):
        if parts and re.search(r"[A-Za-z]-$", parts[-1][-2:]) and line[:1].islower() \
                and not _is_conjunction(line):
            parts[-1] += line
        else:
            parts.append(line)
    return " ".join(parts)


def _is_conjunction(line: str) -> bool:
    """Whether a line starts with 'en'/'of', as in 'wet- en regelgeving'."""
    return re.match(r"(?:en|of|tot)\b", line) is not None


def sentences(text: str) -> list[str]:
    """The sentences of a text, not split after common abbreviations."""
    found, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        word = text[:boundary.start() + 1].rsplit(None, 1)[-1].lower()
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", word):
            continue
        found.append(text[start:boundary.end()].strip())
        start = boundary.end()
    found.append(text[start:].strip())
    return [sentence for sentence in found if sentence]


def without_notes(text: str) -> str:
    """Text with its footnote markers taken out."""
    return NOTE.sub("", text)


def notes_in(text: str) -> list[int]:
    """The footnote numbers referred to in a text."""
    return [int(number) for number in NOTE.findall(text)]


def tidy(text: str) -> str:
    """Text without footnote markers, double spaces or a trailing list separator."""
    return re.sub(r"\s+", " ", without_notes(text)).strip().rstrip(";,").strip()
