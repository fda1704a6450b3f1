"""What changed in a note's text between two versions, as a readable word diff."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Change:
    """One changed part of the note: its label and the text with deletions and insertions."""

    label: str
    html: Markup


def words_diff(old: str, new: str) -> Markup:
    """The new text with removed words as <del> and added words as <ins>."""
    before, after = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after,
                                                       autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(Markup("<del>{}</del>").format("".join(before[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>{}</ins>").format("".join(after[j1:j2])))
        if op == "equal":
            out.append(escape("".join(after[j1:j2])))
    return Markup("").join(out)


def _sections(note: dict) -> dict[str, str]:
    """Section texts by name, whether kept as revisions (a replay) or current (a view)."""
    return {name: (text[-1] if isinstance(text, list) else text)
            for name, text in (note.get("sections") or {}).items()}


def _advised(note: dict) -> dict[int, str]:
    return {item["number"]: item["text"] for item in note.get("advised") or []}


def changes(old: dict, new: dict) -> list[Change]:
    """Every part of the text that differs: title, sections, advised decisions."""
    found = []
    if old.get("title") != new.get("title"):
        found.append(Change("Titel", words_diff(old.get("title", ""), new.get("title", ""))))
    for label, before, after in (("Sectie", _sections(old), _sections(new)),
                                 ("Beslispunt", _advised(old), _advised(new))):
        for key in sorted(set(before) | set(after), key=str):
            if before.get(key) != after.get(key):
                found.append(Change(f"{label} {key}",
                                    words_diff(before.get(key, ""), after.get(key, ""))))
    return found
