"""The web demo: persons to sign in as, and a second nota in afstemming with SZW, answered
once and changed since, so the werkvoorraad has work in it and the diff has something to show."""

from __future__ import annotations

from datetime import date

from domain.actor import Actor
from domain.errors import DuplicateReference
from domain.ledger import Ledger
from domain.persons import PersonRegistry

# person id: (name, kind, organisation, roles)
PEOPLE = {
    "p-head-nplv": ("H. van de Eenheid", "civil_servant", "VRO", ("drafter",)),
    "p-minister-vro": ("minister van VRO", "minister", "VRO", ("decider",)),
    "p-clerk-vro": ("P. Griffie", "civil_servant", "VRO", ("registrar",)),
    "p-szw-afstemming": ("S. Zorgvuldig", "civil_servant", "SZW", ("consultee",)),
    "p-ocw-afstemming": ("O. Cultuur", "civil_servant", "OCW", ("consultee",)),
    "p-adr-auditor": ("A. Rekenkamer", "civil_servant", "ADR", ("auditor",)),
}
REFERENCE = "2026-0000300001"


def register_people(persons: PersonRegistry) -> None:
    """The demo persons in the registry, with their organisation and roles."""
    for person_id, (name, kind, organisation, roles) in PEOPLE.items():
        persons.register(person_id, name, kind, organisation, roles)


def _actor(person_id: str, request: str | None = None) -> Actor:
    _, _, organisation, roles = PEOPLE[person_id]
    return Actor(organisation, roles[0], key_id="demo", person_id=person_id, request=request)


def load_consultation(ledger: Ledger, persons: PersonRegistry | None = None,
                      today: date | None = None) -> str:
    """A VRO nota in afstemming with SZW (reopened after a change) and OCW; its id."""
    if persons is not None:
        register_people(persons)
    today = today or date.today()
    drafter = _actor("p-head-nplv")
    try:
        saved = ledger.draft_note(
            drafter, reference=REFERENCE, title="Aanpak dakloosheid: woningen voor "
            "uitstromers uit de maatschappelijke opvang", kind="decision",
            date=today.isoformat(), from_unit="NPLV", to_official="Minister van VRO",
            ministry="VRO", drafted_by=["p-head-nplv"], actively_public=True)
    except DuplicateReference:
        return str(ledger.note_id(REFERENCE))
    note = saved.id
    ledger.revise_section(note, drafter, "aanleiding", (
        "Gemeenten melden dat uitstromers uit de maatschappelijke opvang maanden wachten op "
        "een woning. U heeft de Kamer toegezegd voor de zomer met een aanpak te komen."))
    ledger.revise_section(note, drafter, "kern", (
        "Wij stellen voor 10.000 woningen per jaar met voorrang toe te wijzen aan "
        "uitstromers, met begeleiding door de gemeente."))
    ledger.add_advised_decision(note, drafter, "In te stemmen met de aanpak.")
    ledger.add_advised_decision(note, drafter, "In te stemmen met bijgevoegde Kamerbrief.")
    # No reply-by given: the default term in working days, as a drafter's request gets.
    ledger.request_consultation(note, drafter, "SZW", "co_responsible")
    ledger.request_consultation(note, drafter, "OCW", "consulted")
    ledger.answer_consultation(note, _actor("p-szw-afstemming"), "SZW", "agreed", "")
    ledger.revise_section(note, drafter, "kern", (
        "Wij stellen voor 12.000 woningen per jaar met voorrang toe te wijzen aan "
        "uitstromers, met begeleiding door de gemeente en inkomensondersteuning via SZW."))
    return str(note)
