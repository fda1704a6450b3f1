"""One motion from the sentence that mentions it: submitters, state, case number."""

from __future__ import annotations

import re
from dataclasses import replace

from adapters.importer.dates import MONTH_PATTERN, resolve_date
from adapters.importer.debates import Debate
from adapters.importer.members import submitters_in
from adapters.importer.model import ParsedMotion
from adapters.importer.text import notes_in, tidy, without_notes

STATES = (
    ("taken_over", r"\bovergenomen\b"),
    ("adopted", r"\baangenomen\b"),
    ("rejected", r"\bverworpen\b"),
    ("withdrawn", r"\bingetrokken\b"),
    ("lapsed", r"\bvervallen\b"),
    ("held", r"\baangehouden\b|\baanhouden\b"),
    ("submitted", r"\bingediend\b"),
)
RECENT = 50  # a repeated mention is compared with this many earlier motions of its submitters
FINAL = 3  # the rank of every outcome (taken over, adopted, rejected, withdrawn, lapsed)
ROLES = {"stas": "staatssecretaris", "stass": "staatssecretaris", "min": "minister",
         "staatssec": "staatssecretaris"}
_TAKEN_OVER_BY = re.compile(r"\bovergenomen\s+door\s+(?:de\s+|het\s+)?(?P<who>.+?)"
                            r"(?=\s+(?:tijdens|in|bij|op|na|voor|en)\b|[,.;)]|$)", re.I)
_DATED = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\b\.?"
                    r"(?:\s+(?P<year>\d{4}))?(?:\s+(?P<relative>jl\.|a\.s\.))?", re.I)
_KST = re.compile(r"\bKST\s*(\d{4,6})\s*-\s*(\d{1,5})\b")
_KAMERSTUK = re.compile(r"\bKamerstuk(?:ken)?(?:\s+I{1,2})?(?:\s+\d{4}/\d{2,4})?,?\s+"
                        r"(\d{2,3}\s?\d{3})(?:-[A-Z]+)?,?\s+nr\.?\s*(\d+)", re.I)


def motion_from(sentence: str, description: list[str], debate: Debate | None,
                footnotes: dict[int, str], anchor: str | None = None) -> ParsedMotion:
    """The motion a sentence mentions, with the sentences that describe it; dated by its
    debate, else by a date the sentence gives it ('ingediend op 6 juli 2023')."""
    plain = without_notes(sentence)
    state = state_in(plain)
    sources = [plain, *(footnotes.get(number, "") for number in notes_in(sentence))]
    return ParsedMotion(
        text=tidy(" ".join([sentence, *description])), submitters=submitters_in(plain),
        state=state, taken_over_by=taken_over_by_in(plain) if state == "taken_over" else None,
        debate_kind=debate.kind if debate else None,
        debate_title=debate.title if debate else None,
        debate_date=debate.date if debate and debate.date else date_in(plain, anchor),
        case_number=next(filter(None, map(case_number_in, sources)), None))


def date_in(sentence: str, anchor: str | None) -> str | None:
    """The first date a sentence names ('op 6 juli 2023', 'van 14 maart jl.'), as ISO."""
    match = _DATED.search(sentence)
    if match is None:
        return None
    year = int(match["year"]) if match["year"] else None
    return resolve_date(int(match["day"]), match["month"], year, match["relative"], anchor)


def state_in(sentence: str) -> str | None:
    """The state a sentence gives a motion ('aangehouden' -> 'held'), if any."""
    return next((state for state, pattern in STATES if re.search(pattern, sentence, re.I)),
                None)


def taken_over_by_in(sentence: str) -> str | None:
    """Who took the motion over ('overgenomen door stass OCW' -> 'staatssecretaris OCW')."""
    match = _TAKEN_OVER_BY.search(sentence)
    if match is None:
        return None
    first, _, rest = match["who"].strip().partition(" ")
    role = ROLES.get(first.lower().rstrip("."), first)
    return f"{role} {rest}".strip()


def case_number_in(text: str) -> str | None:
    """A parliamentary case number ('KST 32813-833', 'Kamerstukken II ..., 34 338, nr. 5')."""
    for pattern in (_KST, _KAMERSTUK):
        if match := pattern.search(text):
            return f"{match[1].replace(' ', '')}-{match[2]}"
    return None


def merge_motions(motions: list[ParsedMotion]) -> tuple[list[ParsedMotion], list[str]]:
    """Motions with repeated mentions of one motion merged, and warnings on state conflicts."""
    merged: list[ParsedMotion] = []
    warnings: list[str] = []
    by_submitters: dict[tuple, list[int]] = {}
    for motion in motions:
        group = by_submitters.setdefault(motion.submitters, [])
        index = next((i for i in group[-RECENT:] if _same(merged[i], motion)), None)
        if index is None:
            group.append(len(merged))
            merged.append(motion)
        else:
            merged[index] = _combined(merged[index], motion, warnings)
    return merged, warnings


def _same(one: ParsedMotion, other: ParsedMotion) -> bool:
    """Whether two mentions can be the same motion (nothing known about them differs)."""
    return (one.submitters == other.submitters and _agree(one.case_number, other.case_number)
            and _agree(one.debate_date, other.debate_date)
            and _agree(one.debate_kind, other.debate_kind))


def _agree(first: str | None, second: str | None) -> bool:
    """Whether two facts can describe the same thing: equal, or one of them unknown."""
    return first is None or second is None or first == second


def _combined(known: ParsedMotion, later: ParsedMotion, warnings: list[str]) -> ParsedMotion:
    """Two mentions of one motion as one: the longer text, the furthest state, all facts."""
    facts = {name: getattr(known, name) or getattr(later, name)
             for name in ("taken_over_by", "debate_kind", "debate_title", "debate_date",
                          "case_number")}
    text = max((known.text, later.text), key=len)
    state = _furthest_state(known, later, warnings)
    return replace(known, text=text, state=state, **facts)


def _furthest_state(known: ParsedMotion, later: ParsedMotion, warnings: list[str]) -> str | None:
    """The state furthest along of two mentions; two different outcomes keep the first."""
    if _rank(later.state) < _rank(known.state) or later.state == known.state:
        return known.state
    if _rank(known.state) == FINAL:
        warnings.append(f"one motion is called both {known.state!r} and {later.state!r}; kept "
                        f"{known.state!r}: {known.text[:60]!r}")
        return known.state
    return later.state


def _rank(state: str | None) -> int:
    """How far along a state is: unknown, submitted, held, then any outcome."""
    return {None: 0, "submitted": 1, "held": 2}.get(state, FINAL)
