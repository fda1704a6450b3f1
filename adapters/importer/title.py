"""Where a nota's title comes from, best source first, or a guess from loose header lines."""

from __future__ import annotations

import re

from adapters.importer.text import reflow

SOURCES = ("subject", "marker", "memo", "indented")  # 'Onderwerp:', below 'nota', a
# 'Beslisnota' line, far right
LETTERHEAD = re.compile(r"^(?:ministerie\s+van|directoraat-generaal|directie|postbus|"
                        r"www\.)\b", re.I)  # the sender's block, never the title
MAX_GUESS_LINES = 3
MIN_GUESS_WORDS = 3


def choose_title(found: dict[str, str],
                 loose: list[list[str]]) -> tuple[str, list[str] | None]:
    """(title, the loose block it was guessed from, if it was guessed; else None)."""
    for source in SOURCES:
        if source in found:
            return found[source], None
    guesses = [block for block in loose if len(block) <= MAX_GUESS_LINES
               and len(reflow(block).split()) >= MIN_GUESS_WORDS
               and not LETTERHEAD.match(reflow(block))]
    if not guesses:
        return "", None
    best = max(guesses, key=lambda block: len(reflow(block)))
    return reflow(best), best
