"""The deadlines the reminder scheduler looks at, indexed by day and by the reminders
already recorded, so that a look reads only the deadlines that may have one due.

- ``deadlines`` (of the notes projection): one row per awaited answer with a reply-by date
  whose overdue reminder is not recorded yet; scored by the reply-by day, with the term
  ``stage:none`` or ``stage:reply_due`` (the reply-due reminder recorded).
- commitments carry ``remind:none``, ``remind:due_soon`` or ``remind:overdue`` while they
  are unsettled and dated (their score is already the deadline's last day).
"""

from __future__ import annotations

from datetime import date

from domain.reminders import COMMITMENT_OVERDUE, CONSULTATION_OVERDUE, DUE_SOON, REPLY_DUE
from projections.notes import AWAITING
from projections.rows import RowKey, Table

OPEN_FOR_ANSWERS = ("draft", "returned", "in_review", "submitted")

DEADLINES = Table("deadlines", lambda row: [f"stage:{row['stage']}"],
                  lambda row: date.fromisoformat(row["reply_by"]).toordinal(), listable=False)


def recorded_for(reminders: list[dict], deadline: str) -> set[str]:
    """The kinds of reminder recorded of this very deadline."""
    return {r["kind"] for r in reminders if r["deadline"] == deadline}


def deadline_rows(note: dict | None) -> dict[RowKey, dict]:
    """The awaited answers of a note that may still have a reminder to come."""
    if note is None or note["status"] not in OPEN_FOR_ANSWERS:
        return {}
    rows = {}
    for organisation, consultation in note["consultations"].items():
        reply_by = consultation.get("reply_by") or consultation.get("due")
        if consultation["status"] not in AWAITING or not reply_by:
            continue
        kinds = recorded_for(consultation.get("reminders", []), reply_by)
        if CONSULTATION_OVERDUE in kinds:
            continue
        rows[("deadlines", f"{organisation}|{note['id']}")] = {
            "note_id": note["id"], "organisation": organisation, "reply_by": reply_by,
            "requested_at": consultation["requested_at"],
            "reminders": consultation.get("reminders", []),
            "stage": "reply_due" if REPLY_DUE in kinds else "none"}
    return rows


def commitment_stage(doc: dict) -> str:
    """Which reminder of its current deadline an unsettled commitment had last."""
    kinds = recorded_for(doc.get("reminders", []), doc["deadline"]["end"])
    return ("overdue" if COMMITMENT_OVERDUE in kinds
            else "due_soon" if DUE_SOON in kinds else "none")
