"""Read the header column of a nota: labelled fields, status line, title, loose lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from adapters.importer.fields import (
    CO_SENDER,
    NOTA_MARKER,
    TITLE_INDENT,
    accepts,
    skip_blank,
    table_rows_as_lines,
    value_block,
)
from adapters.importer.labels import SINGLE_LINE, is_label, match_kind, match_label
from adapters.importer.model import ParsedAttachment
from adapters.importer.text import NUMBERED, indent_of, reflow
from adapters.importer.title import choose_title

_MEMO_TITLE = re.compile(r"^beslisnota\s+\S", re.I)


@dataclass
class Header:
    """The header's parts as found; interpreting them is header_fields' work."""

    kind: str | None = None
    fields: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    title: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    co_sender_lines: list[str] = field(default_factory=list)
    unplaced: list[list[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_header(lines: list[str]) -> Header:
    """The header found in these lines (the part of a nota before its first section)."""
    return _Reader(table_rows_as_lines(lines)).read()


SCRAMBLE_REACH = 8  # lines after a label column that may hold its scattered values
_CODE = re.compile(r"^[A-Z][A-Za-z&/-]{1,14}$")


class _Reader:
    """A single pass over the header lines, placing each line somewhere or nowhere."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.index = 0
        self.header = Header()
        self.titles: dict[str, str] = {}
        self.loose: list[str] = []
        self.memo_kind: str | None = None  # a 'Beslisnota …' title says the kind too
        self.taken: set[int] = set()  # lines already read as the values of a label column

    def read(self) -> Header:
        """Every line read; the title settled."""
        steps = (self._status, self._nota_marker, self._memo_title, self._co_sender,
                 self._field, self._attachment, self._indented_title)
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if self.index in self.taken:
                self.index += 1
            elif line.strip() and any(step(line, line.strip()) for step in steps):
                self._close_loose()
            else:
                self._place_nowhere(line.strip())
        self._close_loose()
        self._settle_title()
        self.header.kind = self.header.kind or self.memo_kind
        return self.header

    def _status(self, line: str, text: str) -> bool:
        """A 'TER BESLUITVORMING' style status line."""
        kind = match_kind(text)
        if kind and self.header.kind and kind != self.header.kind:
            self.header.warnings.append(f"second status line {text!r} ignored")
        elif kind:
            self.header.kind = kind
        self.index += bool(kind)
        return kind is not None

    def _nota_marker(self, line: str, text: str) -> bool:
        """The word 'nota' above the title."""
        if not NOTA_MARKER.match(text):
            return False
        start = skip_blank(self.lines, self.index + 1)
        block = value_block(self.lines, start)
        if block:
            self.titles.setdefault("marker", reflow(block))
        self.index = start + len(block) if block else self.index + 1
        return True

    def _memo_title(self, line: str, text: str) -> bool:
        """A 'Beslisnota ...' line, which is the title itself."""
        found = _MEMO_TITLE.match(text) is not None
        if found:
            self.titles.setdefault("memo", text)
            self.memo_kind = "decision" if text.lower().startswith("beslis") else None
        self.index += found
        return found

    def _co_sender(self, line: str, text: str) -> bool:
        """A 'Mede namens ...' line."""
        found = CO_SENDER.match(text) is not None
        if found:
            self.header.co_sender_lines.append(text)
        self.index += found
        return found

    def _field(self, line: str, text: str) -> bool:
        """A labelled field, with its value inline, below, or in a column beside the labels."""
        found = match_label(text)
        if found is None:
            return False
        key, label, inline = found
        if inline:
            accepted = accepts(key, [inline])
            if accepted:
                self._record(key, label, [inline])
                self.index += 1
            return accepted
        run = self._label_run()
        if len(run) > 1:
            return self._label_column(run)
        self.index += 1
        self._record(key, label, self._value(key))
        return True

    def _label_run(self) -> list[tuple[str, str]]:
        """The labels standing alone on consecutive lines from here."""
        run, index = [], self.index
        while index < len(self.lines) and is_label(self.lines[index]):
            key, label, _ = match_label(self.lines[index])
            run.append((key, label))
            index += 1
        return run

    def _label_column(self, run: list[tuple[str, str]]) -> bool:
        """Labels stacked in a column, their values in a block of as many lines after them."""
        after = self.index + len(run)
        if after < len(self.lines) and self.lines[after].strip():
            for key, label in run[:-1]:
                self._record(key, label, [])
            self.index = after - 1
            return self._field(self.lines[self.index], self.lines[self.index].strip())
        start = skip_blank(self.lines, after)
        block = value_block(self.lines, start)
        if len(block) == len(run) and all(accepts(key, [value]) for (key, _), value
                                          in zip(run, block, strict=True)):
            for (key, label), value in zip(run, block, strict=True):
                self._record(key, label, [value])
            self.index = start + len(block)
            return True
        names = ", ".join(repr(label) for _, label in run)
        codes = self._codes_after(after, len(run))
        if codes:
            self.header.warnings.append(f"labels {names} stand apart from their values (columns "
                                        "scrambled); took the codes that follow, in order: "
                                        + ", ".join(self.lines[index].strip() for index in codes))
            for (key, label), index in zip(run, codes, strict=True):
                self._record(key, label, [self.lines[index].strip()])
            self.taken.update(codes)
        else:
            self.header.warnings.append(f"labels {names} have no values beside them (columns "
                                        "scrambled?); left empty")
            for key, label in run:
                self._record(key, label, [])
        self.index = after
        return True

    def _codes_after(self, start: int, count: int) -> list[int]:
        """The next lines that are lone codes ('MINDEF', 'DGB'), skipping status lines and
        blank ones, if there are that many before another label; else none."""
        found = []
        for index in range(start, min(len(self.lines), start + SCRAMBLE_REACH)):
            text = self.lines[index].strip()
            if not text or match_kind(text):
                continue
            if match_label(text) or not _CODE.match(text):
                break
            found.append(index)
            if len(found) == count:
                return found
        return []

    def _value(self, key: str) -> list[str]:
        """The value lines of a label, directly below it or after one blank line."""
        start = skip_blank(self.lines, self.index)
        block = value_block(self.lines, start)
        block = block[:1] if key in SINGLE_LINE else block
        if not block or not accepts(key, block):
            return []
        self.index = start + len(block)
        return block

    def _attachment(self, line: str, text: str) -> bool:
        """A numbered attachment line ('1.Beantwoording kamervragen')."""
        numbered = NUMBERED.match(text)
        if numbered:
            self.header.attachments.append(
                ParsedAttachment(int(numbered[2]), numbered[3].strip()))
            self.index += 1
        return numbered is not None

    def _indented_title(self, line: str, text: str) -> bool:
        """Lines far to the right of the margin: the title in a pdftotext layout."""
        if indent_of(line) < TITLE_INDENT:
            return False
        end = self.index
        while end < len(self.lines) and indent_of(self.lines[end]) >= TITLE_INDENT \
                and self.lines[end].strip():
            end += 1
        self.titles.setdefault("indented", reflow(self.lines[self.index:end]))
        self.index = end
        return True

    def _record(self, key: str, label: str, value: list[str]) -> None:
        """Keep a field's value under its key, with the label it was written with."""
        if key == "subject" and value:
            self.titles.setdefault("subject", reflow(value))
        self.header.fields.setdefault(key, []).append((label, value))

    def _place_nowhere(self, text: str) -> None:
        """A line no rule placed: kept for the title guess and the warnings."""
        if text:
            self.loose.append(text)
        else:
            self._close_loose()
        self.index += 1

    def _close_loose(self) -> None:
        """End the current run of unplaced lines."""
        if self.loose:
            self.header.unplaced.append(self.loose)
            self.loose = []

    def _settle_title(self) -> None:
        """The title from the best source found, else a guess from the loose lines."""
        title, guessed_from = choose_title(self.titles, self.header.unplaced)
        self.header.title = title
        if guessed_from is not None:
            self.header.unplaced.remove(guessed_from)
            self.header.warnings.append(f"title taken from an unlabelled header line: {title!r}")
