"""The web tests' story: demo persons, one VRO nota in afstemming, and its way to publication."""

from __future__ import annotations

from uuid import UUID

from api.web import demo
from domain.actor import Actor

DRAFTER = Actor("VRO", "drafter", person_id="p-head-nplv")
MINISTER = Actor("VRO", "decider", person_id="p-minister-vro")
SZW = Actor("SZW", "consultee", person_id="p-szw-afstemming")


def prepare(site) -> UUID:
    """Demo persons in the registry, the nota in afstemming, the views caught up."""
    persons = site.services.persons
    demo.register_people(persons)
    persons.register("p-jenv-afstemming", "J. Rechtvaardig", "civil_servant", "JenV",
                     ("consultee",))
    note = UUID(demo.load_consultation(site.ledger, persons))
    site.settle()
    return note


def decide(site, note: UUID) -> None:
    """The nota through its route to the minister's decision, the views caught up."""
    ledger = site.ledger
    ledger.answer_consultation(note, SZW, "SZW", "agreed", "")
    ledger.set_paraph_route(note, DRAFTER, [{"role": "hoofd", "unit": "NPLV"}])
    ledger.start_review(note, DRAFTER)
    ledger.initial(note, DRAFTER, 0)
    ledger.submit_note(note, DRAFTER)
    for item in ledger.note(note)["advised"]:
        ledger.record_outcome(note, MINISTER, item["number"], "approved")
    ledger.decide_note(note, MINISTER)
    site.settle()


def publish(site, note: UUID) -> None:
    """The nota through its route, decision and letter to publication."""
    decide(site, note)
    ledger = site.ledger
    ledger.sign_letter(note, MINISTER)
    ledger.send_letter(note, DRAFTER, "TK")
    ledger.publish_note(note, DRAFTER)
    site.settle()
