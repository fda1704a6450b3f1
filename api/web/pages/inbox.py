"""De werkvoorraad: what waits for the signed-in person and their organisation."""

from __future__ import annotations

from flask import g, render_template, request

from api.web.pages.blueprints import pages
from api.web.pages.reading import reader
from projections.queries import CommitmentQuery, InboxQuery, NoteQuery, Paging

SOON_DAYS = 60
PAGE = 50
ORDER = ("draft", "returned", "in_review", "submitted", "decided", "letter_sent", "published",
         "withdrawn")


def next_step(note: dict) -> dict | None:
    """The paraph step a note in parafering waits on."""
    if note["status"] != "in_review":
        return None
    return next(({"number": i, **step} for i, step in enumerate(note["route"])
                 if not step.get("initialled_by")), None)


REMINDED = 30  # the werkvoorraad shows the latest reminders, newest first


def reminders(organisation: str, waiting: list[dict], notes: list[dict],
              commitments: list[dict]) -> list[dict]:
    """The reminders that concern an organisation: of the answers it owes, of the answers its
    notes await, and of its commitments."""
    found = [{**r, "reference": row["reference"], "note_id": row["note_id"],
              "organisation": organisation, "ours": True}
             for row in waiting for r in row.get("reminders", ())]
    found += [{**r, "reference": n["reference"], "note_id": n["id"], "organisation": org,
               "ours": False}
              for n in notes for org, c in sorted(n["consultations"].items())
              if c["status"] in ("requested", "reopened") for r in c.get("reminders", ())]
    found += [{**r, "text": c["text"], "commitment_id": c["id"]}
              for c in commitments for r in c.get("reminders", ())]
    return sorted(found, key=lambda r: r["at"], reverse=True)[:REMINDED]


@pages.get("/")
def inbox():
    """Consultations waiting for my organisation, my notes, paraphs, commitments due."""
    me, read = g.principal, reader()
    start = int(request.args["vanaf"]) if request.args.get("vanaf", "").isdigit() else 0
    waiting = read.inbox(InboxQuery(me.organisation, paging=Paging(start, PAGE)))
    notes = read.notes(NoteQuery(owner=me.organisation, paging=Paging(0, 200))).items
    by_status = {s: [n for n in notes if n["status"] == s] for s in ORDER}
    paraphs = [(n, next_step(n)) for n in notes if next_step(n)] if "drafter" in me.roles else []
    due = read.commitments(CommitmentQuery(ministry=me.organisation, due_within_days=SOON_DAYS,
                                           paging=Paging(0, 100))).items
    overdue = read.commitments(CommitmentQuery(ministry=me.organisation, overdue=True,
                                               paging=Paging(0, 100))).items
    reminded = reminders(me.organisation, waiting.items, notes, [*overdue, *due])
    return render_template("inbox.html", waiting=waiting, by_status=by_status,
                           paraphs=paraphs, due=due, overdue=overdue, reminded=reminded)
