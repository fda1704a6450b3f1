"""Members of parliament as nota's write them: 'aan lid Moorman, PRO', 'lid Armut (CDA)'."""

from __future__ import annotations

import re

from adapters.importer.model import Member

PARTIES = {
    "VVD", "PVV", "CDA", "D66", "GL", "PvdA", "GL-PvdA", "GroenLinks", "GroenLinks-PvdA", "SP",
    "PvdD", "CU", "ChristenUnie", "SGP", "DENK", "FvD", "JA21", "Volt", "BBB", "NSC", "BIJ1",
    "50PLUS", "PRO",
}
NAME = (r"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]en|[Tt]er|[Tt]e|[Hh]et|[Ii]n\s+'t|'t)\s+)*"
        r"[A-Z][\w'’]+(?:-[A-Z][\w'’]+)?")
PARTY = r"50PLUS|[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)?"

_NOTE_BODY = r"[^()]*(?:\([^()]*\)[^()]*)*"
_TO_MEMBERS = re.compile(
    rf"\(aan\s+(?:het\s+|de\s+)?(?:kamer)?(?:lid|leden)\s+(?P<list>{_NOTE_BODY})\)", re.I)
_TO_SEVERAL = re.compile(r"\(aan\s+(?:de\s+)?(?:meerdere|diverse|verschillende|alle|enkele)\s+"
                         r"(?:kamer)?leden\)", re.I)
RECIPIENT_NOTE = re.compile(r"\s*\(aan\s+(?:het\s+|de\s+)?(?:kamer)?(?:lid|leden|meerdere|"
                            rf"diverse|verschillende|alle|enkele)\b{_NOTE_BODY}\)", re.I)
_NAME_AND_PARTY = re.compile(rf"({NAME})\s*(?:,\s*|\(\s*)({PARTY})\)?")
_MEMBER = re.compile(rf"\s*(?:(?:het\s+)?(?:lid|leden)\s+)?({NAME})\s*\(({PARTY})\)")
_SEPARATOR = re.compile(r"\s*(?:,|\ben\b)\s*")
_BY_MEMBERS = re.compile(r"\bmotie\s+van\s+(?:(?:het|de)\s+)?(?=(?:lid|leden)\b)", re.I)
_SUBJECT = re.compile(rf"\b[Hh]et\s+lid\s+({NAME})\s*\(({PARTY})\)")
_NAMED_MOTION = re.compile(
    rf"\b[Mm]otie[- ](?!(?:van|die|dat|is|om|over|waarin|met|ter|tot|aan|de|het)\b)({NAME})"
    rf"(?:\s*\(({PARTY})\))?")
_MOTION_OF = re.compile(rf"\b[Mm]otie\s+van\s+(?:(?:de|het)\s+(?={PARTY}\b))?({NAME})"
                        rf"(?:\s*\(({PARTY})\))?")


def recipients_in(text: str) -> tuple[tuple[Member, ...], bool]:
    """(members a commitment was made to, whether it was made to several members)."""
    members: list[Member] = []
    for note in _TO_MEMBERS.finditer(text):
        members.extend(_NAME_AND_PARTY.findall(note["list"]))
    return tuple(members), bool(_TO_SEVERAL.search(text))


def without_recipient_notes(text: str) -> str:
    """Text without its '(aan lid X, P)' notes."""
    return RECIPIENT_NOTE.sub("", text)


def submitters_in(sentence: str) -> tuple[Member, ...]:
    """The members who submitted the motion this sentence mentions."""
    if by_members := _BY_MEMBERS.search(sentence):
        return tuple(_member_sequence(sentence, by_members.end()))
    if subject := _SUBJECT.search(sentence):
        return ((subject[1], subject[2]),)
    named = _NAMED_MOTION.search(sentence) or _MOTION_OF.search(sentence)
    if named is None:
        return ()
    if _is_party(named[1]) and not named[2]:
        return ((None, named[1]),)
    return ((named[1], named[2] or None),)


def _member_sequence(text: str, position: int) -> list[Member]:
    """Members written one after the other ('lid A (X) en lid B (Y)') from position on."""
    members: list[Member] = []
    while member := _MEMBER.match(text, position):
        members.append((member[1], member[2]))
        position = member.end()
        separator = _SEPARATOR.match(text, position)
        if separator is None:
            break
        position = separator.end()
    return members


def _is_party(word: str) -> bool:
    """Whether a word is a party rather than a member's name."""
    return word in PARTIES or re.fullmatch(r"[A-Z0-9-]{2,8}", word) is not None
