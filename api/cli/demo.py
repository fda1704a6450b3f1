"""The demo: a nota imported from its text, then the rest of its life played out."""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID

from adapters.nota_import import prepare
from domain.actor import Actor
from domain.ledger import Ledger
from domain.names import Names
from domain.persons import PersonRegistry
from projections.describe import describe
from projections.facts import fact_from_event

REPOSITORY = Path(__file__).resolve().parents[2]
SEED = REPOSITORY.parent / "shared" / "seeds" / "nota-2026-0000261701.md"
EXAMPLE = Path(__file__).resolve().parent / "examples" / "nota-2026-0000500123.md"
IMPORTER = Actor("VRO", "importer", key_id="demo", person_id="p-nplv-importer")
HEAD = Actor("VRO", "drafter", key_id="demo", person_id="p-head-nplv")
DIRECTOR = Actor("VRO", "drafter", key_id="demo", person_id="p-director-dgvro")
MINISTER = Actor("VRO", "decider", key_id="demo", person_id="p-minister-vro")
CLERK = Actor("VRO", "registrar", key_id="demo", person_id="p-clerk-vro")
PERSONS = (("p-nplv-importer", "N. Plv", "civil_servant", ("drafter",)),
           ("p-head-nplv", "H. van de Eenheid", "civil_servant", ("drafter",)),
           ("p-director-dgvro", "D. Directeur", "civil_servant", ("drafter",)),
           ("p-minister-vro", "minister van VRO", "minister", ("decider",)),
           ("p-clerk-vro", "P. Griffie", "civil_servant", ("registrar",)))


def demo_source(explicit: Path | None = None) -> Path:
    """The nota the demo imports: the one asked for, the real seed beside the repository when
    it is there, else the example nota this project ships."""
    if explicit is not None:
        return explicit
    if configured := os.environ.get("NOTALEDGER_SEED"):
        return Path(configured)
    return SEED if SEED.is_file() else EXAMPLE


def load_demo(ledger: Ledger, persons: PersonRegistry | None = None,
              source: Path | None = None) -> UUID:
    """Import the demo nota and take it from draft to publication; returns the note id."""
    if persons is not None:
        for person_id, name, kind, roles in PERSONS:
            if not (known := persons.get(person_id)) or not known.erased:
                persons.register(person_id, name, kind, "VRO", roles)
    note = import_demo_nota(ledger, persons, demo_source(source))
    if ledger.note(note)["status"] == "draft":
        take_to_publication(ledger, note)
    return note


def import_demo_nota(ledger: Ledger, persons: PersonRegistry | None, source: Path) -> UUID:
    """One nota recorded from its file for VRO (again: nothing new is recorded)."""
    prepared = prepare(source.read_bytes(), source.name, "VRO", persons)
    return ledger.import_note(IMPORTER, prepared.note).note_id


def take_to_publication(ledger: Ledger, note: UUID) -> None:
    """A draft's life: the paraph route, the decision, the letter, its publication."""
    ledger.set_paraph_route(note, HEAD, [{"role": "head of unit", "unit": "NPLV"},
                                         {"role": "director", "unit": "DGVRO"}])
    ledger.start_review(note, HEAD)
    ledger.initial(note, HEAD, 0)
    ledger.initial(note, DIRECTOR, 1)
    ledger.plan_letter(note, HEAD, "in de week van 29 juni")
    ledger.submit_note(note, HEAD)
    for item in ledger.note(note)["advised"]:
        ledger.record_outcome(note, MINISTER, item["number"], "approved")
    ledger.decide_note(note, MINISTER)
    ledger.sign_letter(note, MINISTER)
    ledger.send_letter(note, HEAD, "TK")
    ledger.register_letter(note, CLERK, "32847-1300")
    ledger.publish_note(note, HEAD)


def trail_lines(ledger: Ledger, note: UUID, persons: PersonRegistry | None = None) -> list[str]:
    """The note's events as lines: version, time, who, what, and the chain hash."""
    lines, names = [], Names(persons)
    for event in ledger.events.get(note):
        fact = fact_from_event(event, 0, type(event).TOPIC)
        who = fact.actor.get("organisation", "?") + " " + fact.actor.get("role", "?")
        name = names(fact.actor.get("person_id"))
        lines.append(f"{fact.version:>3}  {fact.at[:19]}  {who:<16} {name or '':<22} "
                     f"{describe(fact)}  [{fact.hash[:12]}]")
    return lines
