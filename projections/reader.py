"""Reading the views for people: names from the person registry, dates against today.

Views hold person ids only; names are looked up when read, so erasing a person's name
(AVG art. 17) shows at once everywhere and no view ever needs rewriting. The public
(Woo) view shows civil servants as ``■■■ (5.1.2e Woo)`` and keeps no person id at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.persons import PersonRegistry
from projections.queries import (
    CommitmentQuery,
    InboxQuery,
    MotionQuery,
    NoteQuery,
    Page,
    Paging,
    consultation_overdue,
    is_overdue,
)
from projections.store import ViewStore

REDACTED = "■■■ (5.1.2e Woo)"
ERASED = "[erased]"
NAMED_IN_PUBLIC = ("minister", "member_of_parliament")
COMMITMENT_SUMMARY = ("text", "status", "deadline", "ministry")
MOTION_SUMMARY = ("text", "status", "case_number", "ministry")


class Names:
    """Display names by person id for one reading, each looked up once."""

    def __init__(self, registry: PersonRegistry, public: bool = False) -> None:
        self.registry, self.public = registry, public
        self._seen: dict[str, str | None] = {}

    def __call__(self, person_id: str | None) -> str | None:
        if not person_id:
            return None
        if person_id not in self._seen:
            self._seen[person_id] = self._look_up(person_id)
        return self._seen[person_id]

    def _look_up(self, person_id: str) -> str | None:
        person = self.registry.get(person_id)
        if self.public:  # unknown ids are redacted too: they may well be civil servants
            if person is None or person.kind not in NAMED_IN_PUBLIC:
                return REDACTED
            return person.name if person.name is not None else REDACTED
        if person is None:
            return None
        return person.name if person.name is not None else ERASED


def _person(person_id: str | None, names: Names) -> dict | None:
    return None if person_id is None else {"person_id": person_id, "name": names(person_id)}


def named_note(note: dict, names: Names) -> dict:
    """A note with every person id paired with its name, and how far its route has got."""
    done = sum(1 for step in note["route"] if step["initialled_by"] is not None)
    return {
        **note,
        "drafted_by": [_person(p, names) for p in note["drafted_by"]],
        "route": [{**step, "initialled_by": _person(step["initialled_by"], names)}
                  for step in note["route"]],
        "route_progress": {"initialled": done, "steps": len(note["route"]),
                           "next_step": done if done < len(note["route"]) else None},
        "decided_by": _person(note["decided_by"], names),
    }


def linked(doc: dict | None, fields: tuple[str, ...]) -> dict | None:
    """The summary of a linked commitment or motion shown with a note."""
    return None if doc is None else {"id": doc["id"], **{f: doc[f] for f in fields}}


def public_note(doc: dict, names: Names) -> dict:
    """A published note with names (redacted where the Woo says so) and no person ids."""
    result = {k: v for k, v in doc.items() if k != "published_position"}
    result["drafted_by"] = [names(p) for p in doc["drafted_by"]]
    result["initialled_by"] = [{"role": s["role"], "unit": s["unit"],
                                "name": names(s["person_id"])} for s in doc["initialled_by"]]
    result["decided_by"] = names(doc["decided_by"])
    return result


def named_entry(entry: dict, names: Names) -> dict:
    """An audit entry with the actor's name beside the actor's person id."""
    return {**entry, "actor": {**entry["actor"], "name": names(entry["actor"]["person_id"])}}


class ViewReader:
    """The views as the API serves them."""

    def __init__(self, store: ViewStore, persons: PersonRegistry,
                 today: Callable[[], date] = date.today) -> None:
        self.store, self.persons, self.today = store, persons, today

    def note(self, note_id: str) -> dict | None:
        """A note's detail, with names, route progress and its commitments and motions."""
        note = self.store.note(note_id)
        if note is None:
            return None
        commitments = self.store.get_many("commitments", note["commitment_ids"])
        motions = self.store.get_many("motions", note["motion_ids"])
        today = self.today()
        return {
            **named_note(note, Names(self.persons)),
            "commitments": [{**linked(commitments[c], COMMITMENT_SUMMARY),
                             "overdue": is_overdue(commitments[c], today)}
                            for c in note["commitment_ids"] if c in commitments],
            "motions": [linked(motions[m], MOTION_SUMMARY) for m in note["motion_ids"]
                        if m in motions],
        }

    def notes(self, query: NoteQuery) -> Page:
        return self.store.notes(query)

    def audit_trail(self, aggregate_id: str) -> list[dict]:
        names = Names(self.persons)
        return [named_entry(entry, names) for entry in self.store.audit_trail(aggregate_id)]

    def commitments(self, query: CommitmentQuery) -> Page:
        today = self.today()
        page = self.store.commitments(query, today)
        return _marked(page, lambda doc: {**doc, "overdue": is_overdue(doc, today)})

    def commitment(self, commitment_id: str) -> dict | None:
        doc = self.store.commitment(commitment_id)
        return None if doc is None else {**doc, "overdue": is_overdue(doc, self.today())}

    def motions(self, query: MotionQuery) -> Page:
        return self.store.motions(query)

    def motion(self, motion_id: str) -> dict | None:
        return self.store.motion(motion_id)

    def inbox(self, query: InboxQuery) -> Page:
        today = self.today()
        page = self.store.inbox(query, today)
        return _marked(page, lambda row: {**row, "overdue": consultation_overdue(row, today)})

    def public_notes(self, paging: Paging | None = None, text: str | None = None) -> Page:
        names = Names(self.persons, public=True)
        return _marked(self.store.public_notes(paging, text), lambda d: public_note(d, names))

    def public_note(self, note_id: str) -> dict | None:
        doc = self.store.public_note(note_id)
        return None if doc is None else public_note(doc, Names(self.persons, public=True))

    def dashboard(self) -> dict:
        return self.store.dashboard(self.today())


def _marked(page: Page, mark: Callable[[dict], dict]) -> Page:
    return Page([mark(item) for item in page.items], page.total, page.offset, page.limit)
