"""The public (Woo) view: published notes only, without anything not meant for publication."""

from __future__ import annotations

from projections.public_index import linked_terms
from projections.rows import RowKey, Table

PUBLIC = Table("public", lambda doc: [f"ministry:{doc['ministry']}", *linked_terms(doc)],
               lambda doc: doc["published_position"])
LETTER_FIELDS = ("planned", "sent", "sent_at", "chamber", "parliament_number")


def public_doc(note: dict | None) -> dict | None:
    """What the public may read of a note: only once published; person ids, never names."""
    if note is None or note["status"] != "published":
        return None
    return {
        "id": note["id"], "reference": note["reference"], "title": note["title"],
        "kind": note["kind"], "date": note["date"], "ministry": note["ministry"],
        "from_unit": note["from_unit"], "to_official": note["to_official"],
        "sections": {name: texts[-1] for name, texts in note["sections"].items()},
        "advised": [{"number": a["number"], "text": a["text"], "outcome": a["outcome"]}
                    for a in note["advised"]],
        "attachments": note["attachments"], "co_senders": note["co_senders"],
        "consultations": [{"organisation": c["organisation"], "role": c["role"],
                           "outcome": c["outcome"]}
                          for _, c in sorted(note["consultations"].items())
                          if c["status"] == "answered"],
        "letter": {k: note["letter"][k] for k in LETTER_FIELDS if k in note["letter"]},
        "drafted_by": note["drafted_by"],
        "initialled_by": [{"role": s["role"], "unit": s["unit"], "person_id": s["initialled_by"]}
                          for s in note["route"]],
        "decided_by": note["decided_by"], "published_at": note["published_at"],
        "published_position": note["published_position"],
        "commitment_ids": note["commitment_ids"], "motion_ids": note["motion_ids"],
        "commitment_relations": note.get("commitment_relations") or {},
    }


def public_rows(note: dict | None) -> dict[RowKey, dict]:
    """The public row of a note, when it has one."""
    doc = public_doc(note)
    return {} if doc is None else {("public", doc["id"]): doc}
