"""The outbox projection: each event, told to each organisation it concerns, as a message.

Messages carry ids, codes, dates and links, never a person's name. A note's owner and the
organisations consulted on it are kept as a small record per note, so that later events
(an answer, the decision) reach the right organisations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from projections.catalogue import Current, Projector, Records
from projections.facts import Fact
from projections.rows import Table, Write

MESSAGES = Table("messages", lambda m: [f"org:{m['organisation']}"], lambda m: m["position"])
PARTIES = Table("outbox_parties", lambda p: [], lambda p: 0, listable=False)

Audience = Callable[[Fact, dict], list[str]]


def _consulted(fact: Fact, party: dict) -> list[str]:
    return [fact.data["organisation"]]


def _owner(fact: Fact, party: dict) -> list[str]:
    return [party["owner"]] if party.get("owner") else []


def _owner_and_consulted(fact: Fact, party: dict) -> list[str]:
    return list(dict.fromkeys(_owner(fact, party) + party.get("consulted", [])))


def _consulted_and_owner(fact: Fact, party: dict) -> list[str]:
    return list(dict.fromkeys([fact.data["organisation"], *_owner(fact, party)]))


def _owners(fact: Fact, party: dict) -> list[str]:
    """A commitment's reminder concerns its ministry and every co-owner."""
    return list(dict.fromkeys([*_owner(fact, party), *fact.data.get("owners", [])]))


# (aggregate kind, event name) -> (topic, who hears of it)
ROUTES: dict[tuple[str, str], tuple[str, Audience]] = {
    ("note", "ConsultationRequested"): ("consultation.requested", _consulted),
    ("note", "ConsultationReopened"): ("consultation.reopened", _consulted),
    ("note", "ConsultationWithdrawn"): ("consultation.withdrawn", _consulted),
    ("note", "ConsultationAnswered"): ("consultation.answered", _owner),
    ("note", "Submitted"): ("note.submitted", _owner),
    ("note", "Returned"): ("note.returned", _owner),
    ("note", "Decided"): ("note.decided", _owner_and_consulted),
    ("note", "LetterSent"): ("note.letter_sent", _owner),
    ("note", "Published"): ("note.published", _owner),
    ("commitment", "Registered"): ("commitment.registered", _owner),
    # reminders, recorded by the scheduler as events like any other
    ("note", "ConsultationReplyDue"): ("consultation.reply_due", _consulted),
    ("note", "ConsultationOverdue"): ("consultation.overdue", _consulted_and_owner),
    ("commitment", "CommitmentDueSoon"): ("commitment.due_soon", _owners),
    ("commitment", "CommitmentOverdue"): ("commitment.overdue", _owners),
}
# codes and dates only, never free text
DETAILS = ("organisation", "role", "due", "reply_by", "remind_on", "outcome")


def track_party(party: dict | None, fact: Fact) -> dict:
    """Who owns the aggregate, its reference, and which organisations are consulted on it."""
    party = dict(party or {"owner": None, "reference": None, "consulted": []})
    if fact.type in ("Drafted", "Registered") and "ministry" in fact.data:
        party["owner"] = fact.data["ministry"]
        party["reference"] = fact.data.get("reference")
    if fact.type == "ConsultationRequested" and fact.data["organisation"] not in party[
            "consulted"]:
        party["consulted"] = [*party["consulted"], fact.data["organisation"]]
    return party


def _links(fact: Fact) -> dict:
    plural = {"note": "notes", "commitment": "commitments", "motion": "motions"}[fact.kind]
    links = {"self": f"/v1/{plural}/{fact.aggregate_id}"}
    if fact.kind == "note":
        links["page"] = f"/nota/{fact.aggregate_id}"
    return links


def messages(fact: Fact, party: dict) -> list[dict]:
    """The messages one event makes, one per organisation it concerns (none if unrouted)."""
    route = ROUTES.get((fact.kind, fact.type))
    if route is None:
        return []
    topic, audience = route
    data = {"aggregateType": fact.kind, "aggregateId": fact.aggregate_id,
            "reference": party.get("reference"), "owner": party.get("owner"),
            "event": fact.type, "version": fact.version, "position": fact.position,
            "effective": fact.effective, "links": _links(fact),
            **{key: fact.data[key] for key in DETAILS if fact.data.get(key) is not None}}
    return [{"key": message_key(fact.position, organisation), "position": fact.position,
             "organisation": organisation, "topic": topic, "aggregate_id": fact.aggregate_id,
             "at": fact.at, "data": {**data, "recipient": organisation}}
            for organisation in audience(fact, party)]


def message_key(position: int, organisation: str) -> str:
    return f"{position:012d}|{organisation}"


class OutboxProjector(Projector):
    """Appends the messages of each event; keeps each aggregate's parties as its record."""

    def batch(self, facts: Sequence[Fact], current: Current) -> tuple[list[Write], Records]:
        first = current(PARTIES.name, {fact.aggregate_id for fact in facts})
        last = dict(first)
        writes = []
        for fact in facts:
            last[fact.aggregate_id] = party = track_party(last[fact.aggregate_id], fact)
            writes += [MESSAGES.write(m["key"], None, m) for m in messages(fact, party)]
        writes += [PARTIES.write(key, first[key], last[key]) for key in sorted(last)
                   if first[key] != last[key]]
        return writes, last


OUTBOX = OutboxProjector("outbox", ("note", "commitment", "motion"),
                         {MESSAGES.name: MESSAGES, PARTIES.name: PARTIES})
