"""How each note event changes the note view: a copy with what changed replaced."""

from __future__ import annotations

from collections.abc import Callable

from projections.facts import Fact


def _with_numbered(items: list[dict], number: int, **changes) -> list[dict]:
    """The items with the one numbered ``number`` changed."""
    return [{**item, **changes} if item["number"] == number else item for item in items]


def _insert_numbered(items: list[dict], item: dict) -> list[dict]:
    return sorted([*items, item], key=lambda entry: entry["number"])


def _without_numbered(items: list[dict], number: int) -> list[dict]:
    return [item for item in items if item["number"] != number]


def _with_consultation(note: dict, organisation: str, **changes) -> None:
    consultation = {**note["consultations"].get(organisation, {}), **changes}
    note["consultations"] = {**note["consultations"], organisation: consultation}


def _source_recorded(note: dict, data: dict, fact: Fact) -> None:
    note["source"] = {"sha256": data["sha256"], "name": data["name"],
                      "warnings": list(data["warnings"])}


def _title_revised(note: dict, data: dict, fact: Fact) -> None:
    note["title"] = data["title"]


def _section_revised(note: dict, data: dict, fact: Fact) -> None:
    name = data["name"]
    note["sections"] = {**note["sections"], name: [*note["sections"].get(name, ()), data["text"]]}


def _publicity_set(note: dict, data: dict, fact: Fact) -> None:
    note["actively_public"] = data["actively_public"]


def _advised_added(note: dict, data: dict, fact: Fact) -> None:
    note["advised"] = _insert_numbered(note["advised"], {
        "number": data["number"], "text": data["text"], "outcome": None, "remarks": ""})


def _advised_revised(note: dict, data: dict, fact: Fact) -> None:
    note["advised"] = _with_numbered(note["advised"], data["number"], text=data["text"])


def _advised_removed(note: dict, data: dict, fact: Fact) -> None:
    note["advised"] = _without_numbered(note["advised"], data["number"])


def _attachment_added(note: dict, data: dict, fact: Fact) -> None:
    note["attachments"] = _insert_numbered(note["attachments"], {
        "number": data["number"], "name": data["name"], "information": data["information"]})


def _attachment_removed(note: dict, data: dict, fact: Fact) -> None:
    note["attachments"] = _without_numbered(note["attachments"], data["number"])


def _route_set(note: dict, data: dict, fact: Fact) -> None:
    note["route"] = [{**step, "initialled_by": None, "initialled_at": None}
                     for step in data["steps"]]


def _review_started(note: dict, data: dict, fact: Fact) -> None:
    note.update(status="in_review", return_reason=None, route=[
        {**step, "initialled_by": None, "initialled_at": None} for step in note["route"]])


def _initialled(note: dict, data: dict, fact: Fact) -> None:
    by = fact.actor.get("person_id") or fact.actor.get("organisation")
    note["route"] = [{**step, "initialled_by": by, "initialled_at": fact.at}
                     if index == data["step"] else step
                     for index, step in enumerate(note["route"])]


def _returned_with(note: dict, data: dict, fact: Fact) -> None:
    note.update(status="returned", return_reason=data["reason"])


def _consultation_requested(note: dict, data: dict, fact: Fact) -> None:
    note["consultations"] = {**note["consultations"], data["organisation"]: {
        "organisation": data["organisation"], "role": data["role"],
        "reply_by": data["reply_by"], "due": data["reply_by"],  # due: its name before 1.1
        "status": "requested", "outcome": None, "remarks": "", "requested_at": fact.at,
        "answered_at": None, "round": 1, "awaiting_since": fact.at,
        "awaiting_position": fact.position,
    }}


def _consultation_answered(note: dict, data: dict, fact: Fact) -> None:
    _with_consultation(note, data["organisation"], status="answered", outcome=data["outcome"],
                       remarks=data["remarks"], answered_at=fact.at)


def _consultation_withdrawn(note: dict, data: dict, fact: Fact) -> None:
    _with_consultation(note, data["organisation"], status="withdrawn")


def _consultation_reopened(note: dict, data: dict, fact: Fact) -> None:
    previous = note["consultations"][data["organisation"]]
    renewed = {"reply_by": data["reply_by"], "due": data["reply_by"]} \
        if data.get("reply_by") else {}  # reopenings recorded before keep the date they had
    _with_consultation(note, data["organisation"], status="reopened",
                       reopen_reason=data["reason"], round=previous["round"] + 1,
                       awaiting_since=fact.at, awaiting_position=fact.position, **renewed)


def _reminded(note: dict, data: dict, fact: Fact) -> None:
    """A reminder of an awaited answer, kept on its consultation (the werkvoorraad shows it)."""
    previous = note["consultations"][data["organisation"]]
    _with_consultation(note, data["organisation"], reminders=[
        *previous.get("reminders", ()), {"kind": fact.type, "deadline": data["reply_by"],
                                         "remind_on": data["remind_on"], "at": fact.at}])


def _status(status: str) -> Callable[[dict, dict, Fact], None]:
    def set_status(note: dict, data: dict, fact: Fact) -> None:
        note["status"] = status
    return set_status


def _outcome_recorded(note: dict, data: dict, fact: Fact) -> None:
    note["advised"] = _with_numbered(note["advised"], data["number"],
                                     outcome=data["outcome"], remarks=data["remarks"])


def _annotated(note: dict, data: dict, fact: Fact) -> None:
    note["annotations"] = [*note["annotations"], data["text"]]


def _decided(note: dict, data: dict, fact: Fact) -> None:
    note.update(status="decided", decided_by=fact.actor.get("person_id"))


def _returned(note: dict, data: dict, fact: Fact) -> None:
    note.update(status="returned", return_reason=data["reason"], advised=[
        {**item, "outcome": None, "remarks": ""} for item in note["advised"]])


def _withdrawn(note: dict, data: dict, fact: Fact) -> None:
    note.update(status="withdrawn", withdraw_reason=data["reason"])


def _co_sender_added(note: dict, data: dict, fact: Fact) -> None:
    note["co_senders"] = [*note["co_senders"], data["co_sender"]]


def _co_sender_removed(note: dict, data: dict, fact: Fact) -> None:
    note["co_senders"] = [c for c in note["co_senders"] if c != data["co_sender"]]


def _letter_planned(note: dict, data: dict, fact: Fact) -> None:
    note["letter"] = {**note["letter"], "planned": data["planned"]}


def _letter_signed(note: dict, data: dict, fact: Fact) -> None:
    note["letter"] = {**note["letter"], "signed_at": fact.at, "signed": fact.effective}


def _letter_sent(note: dict, data: dict, fact: Fact) -> None:
    note.update(status="letter_sent",
                letter={**note["letter"], "chamber": data["chamber"], "sent_at": fact.at,
                        "sent": fact.effective})


def _letter_registered(note: dict, data: dict, fact: Fact) -> None:
    note["letter"] = {**note["letter"], "parliament_number": data["parliament_number"]}


def _commitment_linked(note: dict, data: dict, fact: Fact) -> None:
    note["commitment_ids"] = [*note["commitment_ids"], data["commitment_id"]]
    note["commitment_relations"] = {**note.get("commitment_relations", {}),
                                     data["commitment_id"]: data.get("relation", "fulfils")}


def _motion_linked(note: dict, data: dict, fact: Fact) -> None:
    note["motion_ids"] = [*note["motion_ids"], data["motion_id"]]


def _published(note: dict, data: dict, fact: Fact) -> None:
    note.update(status="published", published_at=fact.at, published_position=fact.position)


APPLY: dict[str, Callable[[dict, dict, Fact], None]] = {
    "SourceRecorded": _source_recorded, "TitleRevised": _title_revised,
    "SectionRevised": _section_revised,
    "PublicitySet": _publicity_set, "AdvisedDecisionAdded": _advised_added,
    "AdvisedDecisionRevised": _advised_revised, "AdvisedDecisionRemoved": _advised_removed,
    "AttachmentAdded": _attachment_added, "AttachmentRemoved": _attachment_removed,
    "ParaphRouteSet": _route_set, "ReviewStarted": _review_started, "Initialled": _initialled,
    "InitialRefused": _returned_with, "ConsultationRequested": _consultation_requested,
    "ConsultationAnswered": _consultation_answered,
    "ConsultationWithdrawn": _consultation_withdrawn,
    "ConsultationReopened": _consultation_reopened, "Submitted": _status("submitted"),
    "OutcomeRecorded": _outcome_recorded, "Annotated": _annotated, "Decided": _decided,
    "Returned": _returned, "Withdrawn": _withdrawn, "CoSenderAdded": _co_sender_added,
    "CoSenderRemoved": _co_sender_removed, "LetterPlanned": _letter_planned,
    "LetterSigned": _letter_signed, "LetterSent": _letter_sent,
    "LetterRegistered": _letter_registered, "CommitmentLinked": _commitment_linked,
    "MotionLinked": _motion_linked, "Published": _published,
    "ConsultationReplyDue": _reminded, "ConsultationOverdue": _reminded,
}
