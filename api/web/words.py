"""The interface's words: Dutch, as the ministries say them."""

from __future__ import annotations

WORDS = {
    # note statuses
    "draft": "concept", "in_review": "in parafering", "submitted": "ter besluitvorming",
    "decided": "besloten", "letter_sent": "Kamerbrief verzonden", "published": "gepubliceerd",
    "returned": "teruggestuurd", "withdrawn": "ingetrokken",
    # consultations
    "requested": "gevraagd", "reopened": "heropend", "answered": "beantwoord",
    "agreed": "akkoord", "agreed_with_remarks": "akkoord met opmerkingen",
    "disagreed": "niet akkoord", "co_responsible": "medeverantwoordelijk",
    "consulted": "geconsulteerd",
    # advised decisions
    "approved": "akkoord", "rejected": "niet akkoord",
    "approved_with_changes": "akkoord met wijzigingen", "discussed": "besproken",
    # commitments
    "open": "openstaand", "partially_fulfilled": "deels voldaan", "fulfilled": "voldaan",
    "lapsed": "vervallen",
    # motions
    "held": "aangehouden", "taken_over": "overgenomen", "adopted": "aangenomen",
    "submitted_motion": "ingediend",
    # relations of a note to a commitment
    "fulfils": "voldoet aan", "partly_fulfils": "voldoet deels aan", "mentions": "noemt",
    # kinds
    "decision": "ter besluitvorming", "information": "ter informatie",
    "commissiedebat": "commissiedebat", "plenair": "plenair debat", "other": "ander overleg",
}
MOTION_STATUS = {"submitted": "ingediend", "held": "aangehouden", "taken_over": "overgenomen",
                 "adopted": "aangenomen", "rejected": "verworpen", "withdrawn": "ingetrokken",
                 "lapsed": "vervallen"}


def nl(value, kind: str | None = None) -> str:
    """The Dutch word for a code (the code itself when there is none)."""
    if value is None:
        return ""
    if kind == "motion":
        return MOTION_STATUS.get(str(value), str(value))
    return WORDS.get(str(value), str(value).replace("_", " "))
