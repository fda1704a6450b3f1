"""The notes view: each note's current state (detail) and the list's index terms."""

from __future__ import annotations

from projections.facts import Fact
from projections.note_changes import APPLY
from projections.rows import Table

AWAITING = ("requested", "reopened")
STATUSES = ("draft", "in_review", "submitted", "decided", "letter_sent", "published",
            "returned", "withdrawn")


def note_terms(doc: dict) -> list[str]:
    """Status, owner, consulted organisations and who may see the note."""
    consulted = [org for org, c in doc["consultations"].items() if c["status"] != "withdrawn"]
    visible = {doc["ministry"], *doc["collaborating"], *consulted}
    return ([f"status:{doc['status']}", f"owner:{doc['ministry']}",
             f"reference:{doc['reference'].strip().upper()}"]
            + [f"consulted:{org}" for org in consulted] + [f"visible:{org}" for org in visible])


NOTES = Table("notes", note_terms, lambda doc: doc["created_position"])


def fold_note(doc: dict | None, fact: Fact) -> dict:
    """The note after one of its events (a new dict; the old one is left alone)."""
    if fact.type == "Drafted":
        note = _drafted(fact)
    else:
        note = dict(doc)  # handlers replace what they change, never edit it in place
        change = APPLY.get(fact.type)
        if change is not None:  # an event it does not know changes only the version
            change(note, fact.data, fact)
    note.update(version=fact.version, modified_on=fact.at, modified_position=fact.position,
                chain_head=fact.hash)
    return note


def _drafted(fact: Fact) -> dict:
    data = fact.data
    return {
        "id": fact.aggregate_id, "type": "note", "reference": data["reference"],
        "title": data["title"],
        "kind": data["kind"], "date": data["date"], "from_unit": data["from_unit"],
        "to_official": data["to_official"], "ministry": data["ministry"],
        "actively_public": data["actively_public"], "drafted_by": list(data["drafted_by"]),
        "collaborating": list(data["collaborating"]), "status": "draft", "sections": {},
        "advised": [], "attachments": [], "route": [],
        "consultations": {}, "annotations": [], "co_senders": [], "letter": {},
        "commitment_ids": [], "commitment_relations": {}, "motion_ids": [],
        "return_reason": None, "withdraw_reason": None,
        "source": None,
        "decided_by": None, "published_at": None, "published_position": None,
        "created_on": fact.at,
        "created_position": fact.position,
    }
