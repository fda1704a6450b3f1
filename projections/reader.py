"""The read door: the views as the API serves them, names shown by the one policy.

Views hold person ids only; names are looked up when read (``domain/names.py``), so
erasing a person's name (AVG art. 17) shows at once everywhere and no view ever needs
rewriting. Overdue flags are worked out here against today, since a view row cannot know
what day it is read on. The public (Woo) view keeps no person id at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from domain.names import Names
from domain.organisations import MINISTRIES
from domain.persons import PersonRegistry
from projections.commitments import COMMITMENTS
from projections.motions import MOTIONS
from projections.public_index import COMMITMENT, MOTION, linking, register
from projections.public_registers import public_commitment, public_motion, summary
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
from projections.shapes import note_as_read, told, with_parliament
from projections.store import ViewStore


def person(person_id: str | None, names: Names) -> dict | None:
    """A person as every view shows one: ``{id, name}``, the name by the one policy; the
    public view keeps no person id at all (its id is null)."""
    if not person_id:
        return None
    return {"id": None if names.public else person_id, "name": names(person_id)}


def people_named(note: dict, names: Names) -> dict:
    """A note whose drafters, initialling officials and decider are persons ``{id, name}``
    (a step initialled for an organisation without a person names no one)."""
    return {**note, "drafted_by": [person(p, names) for p in note["drafted_by"]],
            "route": [{**step, "initialled_by": person(
                None if step["initialled_by"] in _organisations(note)
                else step["initialled_by"], names)} for step in note.get("route", ())],
            "decided_by": person(note.get("decided_by"), names)}


def _organisations(note: dict) -> set:
    return {note.get("ministry"), *(note.get("collaborating") or ()), *MINISTRIES}


def public_note(doc: dict, names: Names) -> dict:
    """A published note with its people as ``{id, name}`` by the public policy: civil
    servants redacted (5.1.2e Woo), and no person id."""
    result = {k: v for k, v in doc.items() if k != "published_position"}
    result["drafted_by"] = [person(p, names) for p in doc["drafted_by"]]
    result["initialled_by"] = [{"role": s["role"], "unit": s["unit"],
                                "person": person(s["person_id"], names)}
                               for s in doc["initialled_by"]]
    result["decided_by"] = person(doc["decided_by"], names)
    return result


def named_entry(entry: dict, names: Names) -> dict:
    """A trail entry whose actor names the person acting as every view names a person:
    ``{id, name}`` by the one policy (None when a key acted without a person)."""
    actor = {k: v for k, v in entry["actor"].items() if k != "person_id"}
    return {**entry, "actor": {**actor, "person": person(entry["actor"].get("person_id"), names)}}


class ViewReader:
    """The views as the API serves them: its only way to read them."""

    def __init__(self, store: ViewStore, persons: PersonRegistry | None,
                 today: Callable[[], date] = date.today) -> None:
        self.store, self.persons, self.today = store, persons, today

    def caught_up(self, table: str, position: int, timeout: float) -> bool:
        """Wait until the projection writing ``table`` has applied ``position``."""
        return self.store.wait_for(self.store.home(table), position, timeout=timeout)

    def note(self, note_id: str) -> dict | None:
        """A note with its sections as text and its commitments and motions embedded."""
        doc = self.store.note(note_id)
        return None if doc is None else self.shaped(doc)

    def shaped(self, doc: dict) -> dict:
        """A row of the notes view (as ``notes`` lists it) in the shape ``note`` serves."""
        return self._with_parliament(people_named(note_as_read(doc), Names(self.persons)))

    def replayed(self, state: dict, commitments: dict[str, dict], motions: dict[str, dict],
                 day: date) -> dict:
        """A note replayed from the event store, in the shape of ``note``: its people
        named, its commitments and motions as they were then, overdue as of ``day``."""
        return {**with_parliament(people_named(note_as_read(state), Names(self.persons)),
                                  commitments, motions, day), "replayed": True}

    def _with_parliament(self, note: dict) -> dict:
        return with_parliament(note, self._rows("commitments", note["commitment_ids"]),
                               self._rows("motions", note["motion_ids"]), self.today())

    def _rows(self, table: str, keys: list[str]) -> dict[str, dict]:
        return self.store.get_many(table, keys) if keys else {}

    def notes(self, query: NoteQuery) -> Page:
        return self.store.notes(query)

    def trail(self, aggregate_id: str) -> list[dict]:
        """Every event of one aggregate, oldest first, each actor named."""
        names = Names(self.persons)
        entries = self.store.trail(aggregate_id)
        commitments = self._rows("commitments", _linked(entries, "CommitmentLinked",
                                                        "commitment_id"))
        motions = self._rows("motions", _linked(entries, "MotionLinked", "motion_id"))
        return [named_entry(told(entry, commitments, motions), names) for entry in entries]

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
        """Published notes, each with what a reader needs to pick it: its title, reference,
        dates, and the commitments and motions its letter settles, each with a link."""
        names = Names(self.persons, public=True)
        page = self.store.public_notes(paging, text)
        commitments = self._rows("commitments", _all(page.items, "commitment_ids"))
        motions = self._rows("motions", _all(page.items, "motion_ids"))
        return _marked(page, lambda d: summary(public_note(d, names), commitments, motions))

    def public_commitments(self, query: CommitmentQuery) -> Page:
        """The commitments of published notes, filtered and ordered as the register is
        (through the published notes' index, projections/public_index.py)."""
        today = self.today()
        page, rows = register(self.store, COMMITMENTS, query.plan(today), COMMITMENT,
                              (replace(query, paging=Paging()), today))
        published = rows.linking(self.store, COMMITMENT, [doc["id"] for doc in page.items])
        return _marked(page, lambda doc: public_commitment(doc, published, today))

    def public_commitment(self, commitment_id: str) -> dict | None:
        doc, published = self.store.commitment(commitment_id), linking(
            self.store, COMMITMENT, [commitment_id])
        if doc is None or not set(doc["note_ids"]) & set(published):
            return None
        return public_commitment(doc, published, self.today())

    def public_motions(self, query: MotionQuery) -> Page:
        """The motions of published notes, filtered and ordered as the register is."""
        page, rows = register(self.store, MOTIONS, query.plan(), MOTION,
                              replace(query, paging=Paging()))
        published = rows.linking(self.store, MOTION, [doc["id"] for doc in page.items])
        return _marked(page, lambda doc: public_motion(doc, published))

    def public_motion(self, motion_id: str) -> dict | None:
        doc, published = self.store.motion(motion_id), linking(self.store, MOTION, [motion_id])
        if doc is None or not set(doc["note_ids"]) & set(published):
            return None
        return public_motion(doc, published)

    def public_note(self, note_id: str) -> dict | None:
        """A published note, with the commitments and motions its letter settles (members
        of parliament and parties are public; civil servants stay redacted)."""
        doc = self.store.public_note(note_id)
        if doc is None:
            return None
        return self._with_parliament(public_note(doc, Names(self.persons, public=True)))

    def dashboard(self) -> dict:
        return self.store.dashboard(self.today())


def _all(notes: list[dict], key: str) -> list[str]:
    return list(dict.fromkeys(i for note in notes for i in note.get(key) or ()))


def _linked(entries: list[dict], kind: str, key: str) -> list[str]:
    return [e["data"][key] for e in entries if e["type"] == kind and key in (e["data"] or {})]


def _marked(page: Page, mark: Callable[[dict], dict]) -> Page:
    return Page([mark(item) for item in page.items], page.total, page.offset, page.limit)
