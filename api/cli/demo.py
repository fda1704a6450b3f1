"""The demo: a nota imported from its text, then the rest of its life played out."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from adapters.nota_import import prepare
from domain.actor import Actor
from domain.importing import on
from domain.ledger import Ledger
from domain.names import Names
from domain.persons import PersonRegistry
from projections.describe import describe
from projections.facts import fact_from_event
from projections.shapes import MOTION_LABELS, told

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
    """A draft's life: the paraph route, the decision, the letter, its publication, each on
    a day between the nota's date and the week its letter was planned for (the nota gives
    that week; the days before it are the demo's)."""
    written = ledger.note(note)["date"]
    ledger.plan_letter(note, on(HEAD, written, "the week the nota's advised decision names"),
                       "in de week van 29 juni")
    day = _days_of(ledger.note(note))
    head, director, minister = (HEAD.at(day(1), PLAYED), DIRECTOR.at(day(2), PLAYED),
                                MINISTER.at(day(3), PLAYED))
    ledger.set_paraph_route(note, head, [{"role": "head of unit", "unit": "NPLV"},
                                         {"role": "director", "unit": "DGVRO"}])
    ledger.start_review(note, head)
    ledger.initial(note, head, 0)
    ledger.initial(note, director, 1)
    ledger.submit_note(note, director)
    for item in ledger.note(note)["advised"]:
        ledger.record_outcome(note, minister, item["number"], "approved")
    ledger.decide_note(note, minister)
    ledger.sign_letter(note, minister)
    week = _week_of_letter(ledger.note(note))
    ledger.send_letter(note, HEAD.at(week, "the week the nota plans the letter for"), "TK")
    ledger.register_letter(note, CLERK.at(week, "registered the week it was sent"),
                           "32847-1300")
    ledger.publish_note(note, HEAD)  # published now: the nota does not say when


PLAYED = "the demo plays the nota's life on the days between its date and its letter"


def _days_of(note: dict):
    """Days after the nota's date, never on or after its letter's planned week, never ahead
    of today."""
    start = date.fromisoformat(note["date"])
    planned = note["letter"]["planned"]["start"]
    last = (date.fromisoformat(planned) if planned else start + timedelta(days=30)) \
        - timedelta(days=1)

    def day(offset: int) -> str:
        chosen = min(start + timedelta(days=offset), last, date.today())
        return chosen.isoformat()
    return day


def _week_of_letter(note: dict) -> str | None:
    """The ISO week the letter was planned for (e.g. 2026-W27), if that is not ahead."""
    planned = note["letter"]["planned"]["start"]
    if not planned or date.fromisoformat(planned) > date.today():
        return None
    year, week, _ = date.fromisoformat(planned).isocalendar()
    return f"{year}-W{week:02d}"


def trail_lines(ledger: Ledger, note: UUID, persons: PersonRegistry | None = None) -> list[str]:
    """The note's events as lines: version, when it happened and when it was recorded,
    who, what, and the chain hash."""
    lines, names = [], Names(persons)
    facts = [fact_from_event(event, 0, type(event).TOPIC) for event in ledger.events.get(note)]
    state = ledger.note(note)
    commitments = {c: ledger.commitment(UUID(c)) for c in state["commitment_ids"]}
    motions = {m: ledger.motion(UUID(m)) for m in state["motion_ids"]}
    for fact in facts:
        who = fact.actor.get("organisation", "?") + " " + fact.actor.get("role", "?")
        name = names(fact.actor.get("person_id"))
        said = told({"type": fact.type, "data": fact.data, "description": describe(fact)},
                    commitments, motions)["description"]
        lines.append(f"{fact.version:>3}  {fact.effective[:10]:<10} (recorded {fact.at[:10]})  "
                     f"{who:<16} {name or '':<22} {said}  [{fact.hash[:12]}]")
    return lines


LABELS = {"open": "Openstaand", "partially_fulfilled": "Deels voldaan", "fulfilled": "Voldaan",
          "lapsed": "Vervallen"}  # the Tweede Kamer's own words for a commitment's status


def settled_lines(ledger: Ledger, note: UUID) -> list[str]:
    """The nota's commitments and motions by member, party and status, as the letter left
    them."""
    state = ledger.note(note)
    lines = []
    for commitment_id in state["commitment_ids"]:
        commitment = ledger.commitment(UUID(commitment_id))
        members = _members(commitment["recipients"]) or (
            "several members" if commitment["to_several_members"] else "nobody named")
        relation = state["commitment_relations"].get(commitment_id, "fulfils")
        lines.append(f"  commitment to {members}, due {commitment['deadline']['text'] or '?'}"
                     f" ({relation.replace('_', ' ')}): {LABELS[commitment['status']]}"
                     f" - {commitment['text'][:70]}")
    for motion_id in state["motion_ids"]:
        motion = ledger.motion(UUID(motion_id))
        lines.append(f"  motion by {_members(motion['submitters'])}: "
                     f"{MOTION_LABELS.get(motion['status'], motion['status'])}"
                     f" - {motion['text'][:70]}")
    return lines


def _members(members: list[dict]) -> str:
    return ", ".join(f"{m['name']} ({m['party']})" if m.get("party") else m["name"]
                     for m in members if m.get("name"))
