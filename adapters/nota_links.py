"""What a nota's letter does with each commitment it names, and the motion one concerns.

Read from the nota's own words (judged against the seed and the six notas of the corpus):

- a commitment whose deadline is a later occasion ("bij het volgende … debat"), lies after
  the letter ("na de zomer" in a June nota), recurs ("jaarlijks") or that the nota says
  is answered apart from this letter ("separaat", "op een later moment") is *mentioned*;
- one the nota says is settled only in part ("deels", "gedeeltelijk", "eerste deel",
  "tussenstand") is *partly fulfilled*;
- every other one is *fulfilled* by the letter.

A commitment made in the debate where a motion was held ("terug te komen op deze
aangehouden motie") concerns that motion: it is linked to it, and made to its submitters
when the text names nobody else.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from domain.deadline import Deadline
from domain.motion import motion_id

LATER = re.compile(r"\b(separaat|afzonderlijk|op een later moment|later dit jaar|"
                   r"jaarlijks|periodiek|elk jaar|ieder jaar|na afloop van)\b", re.IGNORECASE)
PARTLY = re.compile(r"\b(deels|gedeeltelijk|eerste deel|tussenstand|voorlopige|een deel van)\b",
                    re.IGNORECASE)
MOTION = re.compile(r"\bmotie\b", re.IGNORECASE)
LETTER_WITHIN = timedelta(days=92)  # a letter follows its nota within weeks, not seasons


def relation(text: str, deadline: str, nota_date: str) -> str:
    """fulfils, partly_fulfils or mentions, from the commitment's words and deadline."""
    written = date.fromisoformat(nota_date)
    due = Deadline.parse(deadline or "", context=written)
    if due.placement in ("occasion",) or LATER.search(f"{text} {deadline}"):
        return "mentions"
    if due.is_parsed and date.fromisoformat(due.start) > written + LETTER_WITHIN:
        return "mentions"
    return "partly_fulfils" if PARTLY.search(text) else "fulfils"


def concerned_motion(commitment: dict, motions: list[dict]) -> dict | None:
    """The motion a commitment is about: one named in its text, from the same debate."""
    if not MOTION.search(commitment["text"]) or not commitment.get("debate_date"):
        return None
    same = [m for m in motions if m.get("debate_date") == commitment["debate_date"]]
    return same[0] if len(same) == 1 else None


def id_of(motion: dict) -> str:
    return str(motion_id(motion["text"], motion.get("debate_date"), motion.get("case_number")
                         or ""))
