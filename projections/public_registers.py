"""What the public (Woo) view shows of commitments and motions: those of published notes,
with members of parliament and parties (public facts), and only the published notes that
settle them; nothing a civil servant wrote about them, no person id."""

from __future__ import annotations

from datetime import date

from projections.queries import is_overdue
from projections.shapes import MOTION_LABELS, STATUS_LABELS, commitment_entry, subject


def note_link(note: dict) -> dict:
    """A published note as a commitment or motion names it."""
    return {"id": note["id"], "reference": note["reference"], "title": note["title"],
            "published_at": note["published_at"],
            "sent": (note.get("letter") or {}).get("sent"),
            "href": f"/v1/public/notes/{note['id']}"}


def public_commitment(doc: dict, published: dict[str, dict], today: date) -> dict:
    """A commitment as the public reads it, with the published notes that settle it."""
    notes = [published[n] for n in doc["note_ids"] if n in published]
    entry = commitment_entry(doc, "", today)
    return {"id": doc["id"], "text": doc["text"], "subject": entry["subject"],
            "minister": doc["minister"], "ministry": doc["ministry"],
            "recipients": doc["recipients"], "to_several_members": doc["to_several_members"],
            "debate": doc["debate"], "deadline": doc["deadline"],
            "parliament_number": doc.get("parliament_number") or "",
            "status": doc["status"], "status_label": STATUS_LABELS[doc["status"]],
            "overdue": is_overdue(doc, today),
            "fulfilled_effective": entry["fulfilled_effective"],
            "fulfilled_late": entry["fulfilled_late"],
            "notes": [{**note_link(n), "relation": doc["note_relations"].get(n["id"], "fulfils")}
                      for n in notes],
            "href": f"/v1/public/commitments/{doc['id']}"}


def public_motion(doc: dict, published: dict[str, dict]) -> dict:
    """A motion as the public reads it, with the published notes that report on it."""
    return {"id": doc["id"], "text": doc["text"], "subject": subject(doc["text"]),
            "submitters": doc["submitters"], "debate": doc["debate"],
            "case_number": doc.get("case_number") or "", "ministry": doc["ministry"],
            "status": doc["status"], "status_label": MOTION_LABELS.get(doc["status"], ""),
            "appraisal": doc.get("appraisal"), "taken_over_by": doc.get("taken_over_by"),
            "vote_date": doc.get("vote_date"),
            "notes": [note_link(published[n]) for n in doc["note_ids"] if n in published],
            "href": f"/v1/public/motions/{doc['id']}"}


def summary(note: dict, commitments: dict[str, dict], motions: dict[str, dict]) -> dict:
    """A published note as the public list shows it: what a reader needs to pick it."""
    return {**note, "href": f"/v1/public/notes/{note['id']}",
            "commitments": [{"id": c, "subject": subject(commitments[c]["text"]),
                             "status": commitments[c]["status"],
                             "status_label": STATUS_LABELS[commitments[c]["status"]],
                             "href": f"/v1/public/commitments/{c}"}
                            for c in note["commitment_ids"] if c in commitments],
            "motions": [{"id": m, "subject": subject(motions[m]["text"]),
                         "case_number": motions[m].get("case_number") or "",
                         "status": motions[m]["status"],
                         "href": f"/v1/public/motions/{m}"}
                        for m in note["motion_ids"] if m in motions]}
