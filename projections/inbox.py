"""The organisation inbox: consultations awaiting an organisation's answer, oldest first."""

from __future__ import annotations

from projections.notes import AWAITING
from projections.rows import RowKey, Table

OPEN_FOR_ANSWERS = ("draft", "returned", "in_review", "submitted")

INBOX = Table("inbox", lambda row: [f"org:{row['organisation']}"],
              lambda row: row["awaiting_position"], listable=False)


def inbox_rows(note: dict | None) -> dict[RowKey, dict]:
    """The inbox rows a note puts in front of the organisations it awaits."""
    if note is None or note["status"] not in OPEN_FOR_ANSWERS:
        return {}
    return {("inbox", f"{org}|{note['id']}"): _row(note, consultation)
            for org, consultation in note["consultations"].items()
            if consultation["status"] in AWAITING}


def _row(note: dict, consultation: dict) -> dict:
    return {
        "organisation": consultation["organisation"], "note_id": note["id"],
        "reference": note["reference"], "title": note["title"], "owner": note["ministry"],
        "note_status": note["status"], "role": consultation["role"],
        "reply_by": consultation.get("reply_by", consultation["due"]), "due": consultation["due"],
        "status": consultation["status"], "round": consultation["round"],
        "requested_at": consultation["requested_at"],
        "reminders": consultation.get("reminders", []),
        "awaiting_since": consultation["awaiting_since"],
        "awaiting_position": consultation["awaiting_position"],
    }
