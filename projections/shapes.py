"""Views in people's terms: sections as text, a note's commitments and motions embedded with
their subject, members, parties, debate, deadline, status and what the letter does."""

from __future__ import annotations

from datetime import date

from projections.queries import is_overdue

STATUS_LABELS = {"open": "Openstaand", "partially_fulfilled": "Deels voldaan",
                 "fulfilled": "Voldaan", "lapsed": "Vervallen"}  # the Tweede Kamer's own
MOTION_LABELS = {"submitted": "Ingediend", "held": "Aangehouden", "taken_over": "Overgenomen",
                 "adopted": "Aangenomen", "rejected": "Verworpen", "withdrawn": "Ingetrokken",
                 "lapsed": "Vervallen"}
SUBJECT = 160  # characters of a commitment's or motion's text shown as its subject


def subject(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SUBJECT else text[:SUBJECT - 1] + "…"


def note_as_read(doc: dict) -> dict:
    """A note with each section's latest text and its number of revisions: one shape
    whether it is read from the views or replayed from the event store."""
    revisions = doc.get("sections") or {}
    return {**doc, "sections": {name: _latest(texts) for name, texts in revisions.items()},
            "section_revisions": {name: len(texts) if isinstance(texts, list) else 1
                                  for name, texts in revisions.items()}}


def _latest(texts) -> str:
    return texts[-1] if isinstance(texts, list) else texts


def commitment_entry(doc: dict, relation: str, today: date) -> dict:
    """One commitment as a note shows it, overdue as of ``today`` (the day the view is of)."""
    settled = _fulfilment(doc)
    return {"id": doc["id"], "subject": subject(doc["text"]),
            "recipients": doc["recipients"], "to_several_members": doc["to_several_members"],
            "debate": doc["debate"], "deadline": doc["deadline"], "status": doc["status"],
            "status_label": STATUS_LABELS[doc["status"]], "relation": relation,
            "overdue": is_overdue(doc, today), "motion_id": doc.get("motion_id") or None,
            "fulfilled_effective": settled.get("effective"),
            "fulfilled_late": bool(settled.get("late"))}


def _fulfilment(doc: dict) -> dict:
    """The settlement that (partly) fulfilled it, when that is its status: when it happened
    and whether after its deadline."""
    if doc["status"] not in ("fulfilled", "partially_fulfilled"):
        return {}
    return next((s for s in reversed(doc.get("settlements") or ())
                 if s.get("status") == doc["status"]), {})


def motion_entry(doc: dict) -> dict:
    """One motion as a note shows it."""
    return {"id": doc["id"], "subject": subject(doc["text"]), "submitters": doc["submitters"],
            "debate": doc["debate"], "case_number": doc.get("case_number") or "",
            "status": doc["status"]}


def told(entry: dict, commitments: dict[str, dict], motions: dict[str, dict]) -> dict:
    """A trail entry whose link to a commitment or motion names it in people's terms."""
    data = entry.get("data") or {}
    if entry["type"] == "CommitmentLinked" and data.get("commitment_id") in commitments:
        doc = commitments[data["commitment_id"]]
        told_as = (f"Linked the commitment on {subject(doc['text'])[:80]} to "
                   f"{_members(doc['recipients'], doc['to_several_members'])}"
                   + (f", due {doc['deadline']['text']}" if doc["deadline"]["text"] else "")
                   + f", {RELATIONS[data.get('relation') or 'fulfils']}")
        return {**entry, "description": told_as}
    if entry["type"] == "MotionLinked" and data.get("motion_id") in motions:
        doc = motions[data["motion_id"]]
        told_as = (f"Linked the motion of {_members(doc['submitters'], False)} on "
                   f"{subject(doc['text'])[:80]}, whose execution this letter reports")
        return {**entry, "description": told_as}
    return entry


RELATIONS = {"fulfils": "as fulfilled by this letter",
             "partly_fulfils": "as partly fulfilled by this letter",
             "mentions": "as mentioned by this letter (it stays as it is)"}


def _members(members: list[dict], several: bool) -> str:
    named = ", ".join(f"{m['name']} ({m['party']})" if m.get("party") else str(m.get("name"))
                      for m in members)
    return named or ("several members" if several else "nobody named")


def with_parliament(note: dict, commitments: dict[str, dict], motions: dict[str, dict],
                    today: date) -> dict:
    """The note with its commitments and motions embedded (those that can be found)."""
    relations = note.get("commitment_relations") or {}
    return {**note,
            "commitments": [commitment_entry(commitments[c], relations.get(c, "fulfils"), today)
                            for c in note.get("commitment_ids", ()) if c in commitments],
            "motions": [motion_entry(motions[m]) for m in note.get("motion_ids", ())
                        if m in motions]}
