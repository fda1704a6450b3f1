"""The commitments register: every toezegging, filterable, in deadline order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.commitment import UNSETTLED, settled_late
from domain.deadline import placement
from projections.deadlines import commitment_stage
from projections.facts import Fact
from projections.rows import Table

NO_DEADLINE = 10_000_000  # after every real date's ordinal, so undated commitments come last


def deadline_score(deadline: dict) -> int:
    """The ordinal of the deadline's last day; undated ones sort last."""
    end = (deadline or {}).get("end")
    return date.fromisoformat(end).toordinal() if end else NO_DEADLINE


def member_terms(members: list[dict]) -> list[str]:
    """Index terms for the members of parliament named, and their parties."""
    return ([f"member:{m['name'].casefold()}" for m in members]
            + [f"party:{m['party'].casefold()}" for m in members])


def commitment_terms(doc: dict) -> list[str]:
    terms = [f"status:{doc['status']}", f"ministry:{doc['ministry']}",
             f"deadline:{placement(doc['deadline'])}",
             f"debate_kind:{doc['debate']['kind']}", *member_terms(doc["recipients"])]
    if doc["status"] in UNSETTLED:
        terms += ["unsettled", f"unsettled_in:{doc['ministry']}"]
        if doc["deadline"].get("end"):
            terms.append(f"remind:{commitment_stage(doc)}")
    return terms


COMMITMENTS = Table("commitments", commitment_terms, lambda doc: deadline_score(doc["deadline"]))


def fold_commitment(doc: dict | None, fact: Fact) -> dict:
    """The commitment after one of its events."""
    if fact.type == "Registered":
        commitment = _registered(fact)
    else:
        commitment = dict(doc)  # handlers replace what they change
        APPLY.get(fact.type, lambda *_: None)(commitment, fact.data)
        if fact.type in REMINDERS:
            _reminded(commitment, fact)
        if fact.type in SETTLING:
            _when_settled(commitment, fact.effective)
    commitment.update(version=fact.version, modified_on=fact.at, chain_head=fact.hash,
                      modified_position=fact.position)
    return commitment


def _registered(fact: Fact) -> dict:
    data = fact.data
    return {
        "id": fact.aggregate_id, "type": "commitment", "text": data["text"],
        "minister": data["minister"],
        "ministry": data["ministry"], "recipients": data["recipients"],
        "to_several_members": data["to_several_members"], "debate": data["debate"],
        "deadline": data["deadline"], "parliament_number": data["parliament_number"],
        "motion_id": data.get("motion_id", ""),
        "status": "open", "note_ids": [], "note_relations": {}, "note_references": [],
        "settlements": [],
        "created_on": fact.at, "created_position": fact.position,
    }


SETTLING = ("Fulfilled", "PartiallyFulfilled", "Lapsed", "StatusSet")


def _when_settled(commitment: dict, effective: str) -> None:
    """The latest settlement with when it happened and whether that was late."""
    *earlier, last = commitment["settlements"]
    commitment["settlements"] = [*earlier, {
        **last, "effective": effective, "late": settled_late(commitment["deadline"], effective)}]


def _settle(commitment: dict, status: str, settlement: dict) -> None:
    commitment.update(status=status, settlements=[*commitment["settlements"], settlement])


def _linked(commitment: dict, data: dict) -> None:
    commitment.update(note_ids=[*commitment["note_ids"], data["note_id"]],
                      note_relations={**commitment.get("note_relations", {}),
                                      data["note_id"]: data.get("relation", "fulfils")},
                      note_references=[*commitment["note_references"], data["reference"]])


APPLY: dict[str, Callable[[dict, dict], None]] = {
    "DeadlineChanged": lambda c, d: c.update(deadline=d["deadline"]),
    "LinkedToNote": _linked,
    "Fulfilled": lambda c, d: _settle(c, "fulfilled", {
        "status": "fulfilled", "note_id": d["note_id"], "reference": d["reference"],
        "chamber": d["chamber"]}),
    "PartiallyFulfilled": lambda c, d: _settle(c, "partially_fulfilled", {
        "status": "partially_fulfilled", "remarks": d["remarks"], "reference": d["reference"],
        "note_id": d.get("note_id", ""), "chamber": d.get("chamber", "")}),
    "Lapsed": lambda c, d: _settle(c, "lapsed", {"status": "lapsed", "reason": d["reason"]}),
    "StatusSet": lambda c, d: _settle(c, d["status"], {
        "status": d["status"], "reason": d["reason"], "set_by_clerk": True}),
    "CoOwnerAdded": lambda doc, d: doc.update(
        co_owners=[*doc.get("co_owners", []), d["organisation"]]),
}


def _reminded(commitment: dict, fact: Fact) -> None:
    commitment["reminders"] = [*commitment.get("reminders", ()), {
        "kind": fact.type, "deadline": fact.data["due"], "remind_on": fact.data["remind_on"],
        "at": fact.at}]


REMINDERS = ("CommitmentDueSoon", "CommitmentOverdue")
