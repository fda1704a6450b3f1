"""The demo: the seed nota imported from its text, then the rest of its life played out."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from adapters.nota_import import prepare
from domain.actor import Actor
from domain.ledger import Ledger
from domain.names import Names
from domain.persons import PersonRegistry
from projections.describe import describe
from projections.facts import fact_from_event

SEED_NAMES = ("nota-2026-0000261701.md",)
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


def seed_path() -> Path:
    """The seed nota: shipped beside the repository in shared/seeds, or NOTALEDGER_SEED."""
    import os

    configured = os.environ.get("NOTALEDGER_SEED")
    if configured:
        return Path(configured)
    repository = Path(__file__).resolve().parents[1]
    return repository.parent / "shared" / "seeds" / SEED_NAMES[0]


def load_demo(ledger: Ledger, persons: PersonRegistry | None = None,
              source: Path | None = None) -> UUID:
    """Import the seed nota and take it from draft to publication; returns the note id."""
    source = source or seed_path()
    if persons is not None:
        for person_id, name, kind, roles in PERSONS:
            if not (known := persons.get(person_id)) or not known.erased:
                persons.register(person_id, name, kind, "VRO", roles)
    prepared = prepare(source.read_bytes(), source.name, "VRO", persons)
    imported = ledger.import_note(IMPORTER, prepared.note)
    note = imported.note_id
    if ledger.note(note)["status"] != "draft":
        return note
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
    return note


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
