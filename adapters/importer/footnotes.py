"""Footnote numbers in running text ('evaluaties.1', 'Motie Grinwis 3 waarin') as markers."""

from __future__ import annotations

import re

from adapters.importer.dates import MONTHS
from adapters.importer.text import Block

# Words after which a number is part of the text, not a footnote ('hoofdstuk 3', 'stap 2').
COUNTED = {
    "hoofdstuk", "project", "artikel", "art", "paragraaf", "punt", "stap", "fase", "bijlage",
    "pagina", "nummer", "nr", "lid", "week", "ronde", "tranche", "versie", "groep", "deel",
    "niveau", "categorie", "scenario", "optie", "pijler", "variant", "jaar", "maand", "dag",
    "uur", "keer", "procent", "euro", "miljoen", "miljard", "minuten", "ministerraad",
}


def mark_footnotes(sections: list[tuple[str, list[Block]]], footnotes: dict[int, str]) -> None:
    """Replace each footnote's number in the text by a marker, in order through the nota."""
    if not footnotes:
        return
    blocks = [block for _, section in sections for block in section]
    texts = [block.text for block in blocks]
    where = (0, 0)
    for number in sorted(footnotes):
        where = _mark(texts, number, where) or where
    for block, text in zip(blocks, texts, strict=True):
        block.lines = [text]


def _mark(texts: list[str], number: int, where: tuple[int, int]) -> tuple[int, int] | None:
    """Mark the first mention of footnote number from where on; where the search goes on."""
    block, offset = where
    for index in range(block, len(texts)):
        match = _mention(texts[index], number, offset if index == block else 0)
        if match:
            texts[index] = _with_marker(texts[index], match, number)
            return index, match.start()
    return None


def _mention(text: str, number: int, start: int) -> re.Match | None:
    """The first place from start where footnote number stands in the text."""
    glued = re.compile(rf"(?<=[A-Za-z)’”'])(?P<punct>[.)’”;:,]){number}(?=\s|$)")
    spaced = re.compile(rf"(?P<word>[\w’'()-]+)\s{number}"
                        rf"(?P<after>[.;,:](?=\s|$)|$|\s+(?P<next>[\w(]+))")
    found = [match for match in (glued.search(text, start),) if match]
    found += [match for match in spaced.finditer(text, start) if _after_a_word(match)][:1]
    return min(found, key=lambda match: match.start(), default=None)


def _after_a_word(match: re.Match) -> bool:
    """Whether a number after a word reads as a footnote ('Grinwis 3 waarin', 'ontving 5.')."""
    word = match["word"].strip("’'")
    if not (word[-1:].isalpha() or word.endswith(")")) or word.lower().strip("()") in COUNTED:
        return False
    following = match["next"]
    if following is None:
        return True
    return (word[0].isupper() or word.endswith(")")) and following.lower() not in MONTHS \
        and (following[0].islower() or following[0] == "(")


def _with_marker(text: str, match: re.Match, number: int) -> str:
    """The text with the footnote number replaced by a marker (before any punctuation)."""
    marker = f"\ue000{number}\ue001"
    if "punct" in match.re.groupindex:
        return f"{text[:match.start()]}{marker}{match['punct']}{text[match.end():]}"
    number_start = match.start("after") - len(str(number))
    return f"{text[:number_start - 1]}{marker}{text[match.start('after'):]}"
