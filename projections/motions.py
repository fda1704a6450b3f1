"""The motions register: every motie, held ones first, then the newest."""

from __future__ import annotations

from collections.abc import Callable

from projections.commitments import member_terms
from projections.facts import Fact
from projections.rows import Table

SPAN = 10**12  # positions stay below this, so one score orders held first, then newest


def motion_terms(doc: dict) -> list[str]:
    terms = [f"status:{doc['status']}", *member_terms(doc["submitters"])]
    return terms + [f"ministry:{doc['ministry']}"] if doc["ministry"] else terms


def motion_score(doc: dict) -> int:
    held_first = 0 if doc["status"] == "held" else SPAN
    return held_first + SPAN - 1 - doc["created_position"]


MOTIONS = Table("motions", motion_terms, motion_score)


def fold_motion(doc: dict | None, fact: Fact) -> dict:
    """The motion after one of its events."""
    if fact.type == "Submitted":
        motion = _submitted(fact)
    else:
        motion = dict(doc)  # handlers replace what they change
        APPLY.get(fact.type, lambda *_: None)(motion, fact.data)
    motion.update(version=fact.version, modified_on=fact.at, chain_head=fact.hash,
                  modified_position=fact.position)
    return motion


def _submitted(fact: Fact) -> dict:
    data = fact.data
    return {
        "id": fact.aggregate_id, "type": "motion", "text": data["text"],
        "submitters": data["submitters"],
        "debate": data["debate"], "case_number": data["case_number"],
        "ministry": data["ministry"], "status": "submitted", "appraisal": None,
        "appraisal_remarks": "", "taken_over_by": None, "vote_date": None, "note_ids": [],
        "note_references": [], "execution_reports": [], "history": ["submitted"],
        "created_on": fact.at, "created_position": fact.position,
    }


def _status(motion: dict, status: str, **more) -> None:
    motion.update(status=status, history=[*motion["history"], status], **more)


def _status_changed(motion: dict, data: dict) -> None:
    if data["on"]:
        _status(motion, data["status"], vote_date=data["on"])
    else:
        _status(motion, data["status"])


def _linked(motion: dict, data: dict) -> None:
    motion.update(note_ids=[*motion["note_ids"], data["note_id"]],
                  note_references=[*motion["note_references"], data["reference"]])


def _execution_reported(motion: dict, data: dict) -> None:
    report = {"note_id": data["note_id"], "reference": data["reference"],
              "chamber": data["chamber"]}
    motion["execution_reports"] = [*motion["execution_reports"], report]


APPLY: dict[str, Callable[[dict, dict], None]] = {
    "Appraised": lambda m, d: m.update(appraisal=d["appraisal"], appraisal_remarks=d["remarks"]),
    "TakenOver": lambda m, d: _status(m, "taken_over", taken_over_by=d["by"]),
    "StatusChanged": _status_changed,
    "LinkedToNote": _linked,
    "ExecutionReported": _execution_reported,
    "CoOwnerAdded": lambda doc, d: doc.update(
        co_owners=[*doc.get("co_owners", []), d["organisation"]]),
}
