"""The Note aggregate: a nota from draft to publication."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain import values
from domain.actor import RECORDERS, Actor
from domain.base import ChainedAggregate
from domain.deadline import Deadline
from domain.errors import (
    IllegalTransition,
    InvalidInput,
    NotFound,
    NotPermitted,
    OtherOrganisation,
)
from domain.organisations import normalise
from domain.reminders import (
    CONSULTATION_OVERDUE,
    DEFAULTS,
    REPLY_DUE,
    Reminder,
    ReminderSettings,
    consultation_reminders,
    recorded_keys,
)
from domain.workdays import add_working_days, local_day, today_here, working_days_between

NOTE_NAMESPACE = UUID("5b0d4a52-6c1e-4c4e-9a52-2f4d0b1f7a01")
REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{2,63}$")
KINDS = ("decision", "information", "signature")
OUTCOMES = ("approved", "rejected", "approved_with_changes", "discussed")
CONSULTATION_ROLES = ("co_responsible", "consulted")
ANSWERS = ("agreed", "agreed_with_remarks", "disagreed")
CHAMBERS = ("TK", "EK")
# How a note's letter bears on a linked commitment: sending it fulfils the first, partly
# fulfils the second, and leaves a commitment it only mentions as it is.
RELATIONS = ("fulfils", "partly_fulfils", "mentions")
EDITABLE = ("draft", "returned")
OPEN_FOR_ANSWERS = ("draft", "returned", "in_review", "submitted")
FINAL = ("withdrawn", "published")
AWAITING = ("requested", "reopened")


def _topic(name: str) -> str:
    return f"notaledger.note:{name}"


def parties(ministry: str, collaborating: list[str], consultations: dict[str, dict]) -> set[str]:
    """The organisations a note concerns: its owner, co-authors and those consulted."""
    consulted = {org for org, c in consultations.items() if c.get("status") != "withdrawn"}
    return {ministry, *collaborating, *consulted}


def reply_by(consultation: dict) -> str:
    """A consultation's reply-by date (one restored from before the date was kept: its due
    date, or the default from the day it was requested)."""
    return (consultation.get("reply_by") or consultation.get("due")
            or DEFAULTS.reply_by(date.fromisoformat(requested_on(consultation))).isoformat())


def requested_on(consultation: dict) -> str:
    """The day a consultation's request was recorded, in the Netherlands."""
    return local_day(consultation["requested_at"]).isoformat()


def renewed_reply_by(consultation: dict, reopened_on: date) -> str:
    """A reopened consultation's reply-by date: as many working days after the reopening as
    its request gave (the default where that cannot be told), never before the one it had."""
    given = reply_by(consultation)
    term = working_days_between(date.fromisoformat(requested_on(consultation)),
                                date.fromisoformat(given))
    renewed = add_working_days(reopened_on, term if term > 0 else DEFAULTS.reply_working_days)
    return max(renewed.isoformat(), given)


def note_id(organisation: str, reference: str) -> UUID:
    """A note's id follows from its organisation and reference: a reference is unique
    within an organisation, and two ministries may number alike."""
    return uuid5(NOTE_NAMESPACE, f"{normalise(organisation)}/{reference.strip().upper()}")


class Note(ChainedAggregate):
    """A nota: its text, route, consultations, decision, letter and publication."""

    TOPIC = _topic("Note")
    # The advised decisions are the advice the minister decides on: entered after the
    # fact, they are dated with the decision they led to, as the decision itself is (a
    # consultation their change reopens is reopened on the same day). Other texts (title,
    # sections, attachments) take effect when they are recorded.
    BACKDATABLE = frozenset((
        "Drafted", "ParaphRouteSet", "ReviewStarted", "Initialled", "InitialRefused",
        "ConsultationRequested", "ConsultationAnswered", "ConsultationReopened", "Submitted",
        "AdvisedDecisionAdded", "AdvisedDecisionRevised", "AdvisedDecisionRemoved",
        "OutcomeRecorded", "Annotated", "Decided", "Returned", "Withdrawn", "CommitmentLinked",
        "MotionLinked", "LetterPlanned", "LetterSigned", "LetterSent", "LetterRegistered",
        "Published"))

    class Event(ChainedAggregate.Event):
        TOPIC = _topic("Event")

    class Created(Event, ChainedAggregate.Created):
        TOPIC = _topic("Created")

    @staticmethod
    def create_id(reference: str, ministry: str) -> UUID:
        return note_id(ministry, reference)

    # --- drafting -------------------------------------------------------------

    @classmethod
    def draft(cls, actor: Actor, reference: str, title: str, kind: str, date: str,
              from_unit: str, to_official: str, ministry: str, actively_public: bool,
              drafted_by: list[str] = (), collaborating: list[str] = ()) -> Note:
        """Start a note in draft."""
        reference = reference.strip()
        if not REFERENCE.match(reference):
            raise InvalidInput(f"{reference!r} is not a note reference (e.g. 2026-0000261701)")
        values.check_choice("kind", kind, KINDS)
        actor.check_acts_for(normalise(ministry))
        return cls(
            actor=actor.to_dict(), reference=reference, title=values.text("title", title),
            kind=kind, date=values.iso_date("date", date),
            from_unit=values.text("from_unit", from_unit),
            to_official=values.text("to_official", to_official), ministry=normalise(ministry),
            actively_public=bool(actively_public), drafted_by=[str(p) for p in drafted_by],
            collaborating=sorted({normalise(o) for o in collaborating}),
        )

    @event("Drafted", topic=_topic("Drafted"))
    def __init__(self, actor: dict, reference: str, title: str, kind: str, date: str,
                 from_unit: str, to_official: str, ministry: str, actively_public: bool,
                 drafted_by: list, collaborating: list) -> None:
        self.reference, self.title, self.kind, self.date = reference, title, kind, date
        self.from_unit, self.to_official, self.ministry = from_unit, to_official, ministry
        self.actively_public, self.drafted_by = actively_public, list(drafted_by)
        self.collaborating = list(collaborating)
        self.status = "draft"
        self.sections: dict[str, list[str]] = {}
        self.advised: dict[int, dict] = {}
        self.attachments: dict[int, dict] = {}
        self.route: list[dict] = []
        self.consultations: dict[str, dict] = {}
        self.annotations: list[str] = []
        self.co_senders: list[str] = []
        self.letter: dict[str, Any] = {}
        self.commitment_ids: list[str] = []
        self.commitment_relations: dict[str, str] = {}
        self.motion_ids: list[str] = []
        self.return_reason: str | None = None
        self.withdraw_reason: str | None = None
        self.decided_by: str | None = None  # the person recorded as deciding
        self.source: dict | None = None

    def record_source(self, actor: Actor, sha256: str, name: str, warnings: list[str]) -> None:
        """Record the document a note was imported from, so a re-import can be recognised."""
        self._check_may_change(actor, "record its source")
        self._source_recorded(actor.to_dict(), sha256, name, list(warnings))

    @event("SourceRecorded", topic=_topic("SourceRecorded"))
    def _source_recorded(self, actor: dict, sha256: str, name: str, warnings: list) -> None:
        self.source = {"sha256": sha256, "name": name, "warnings": list(warnings)}

    def revise_title(self, actor: Actor, title: str) -> None:
        self._check_may_change(actor, "revise its title")
        self._check_editable(f"revise the title on {self.label}")
        self._title_revised(actor.to_dict(), values.text("title", title))
        self._reopen_answered(actor, "the title changed")

    @event("TitleRevised", topic=_topic("TitleRevised"))
    def _title_revised(self, actor: dict, title: str) -> None:
        self.title = title

    def revise_section(self, actor: Actor, name: str, text: str) -> None:
        self._check_may_change(actor, "revise its sections")
        self._check_editable(f"revise section {name} on {self.label}")
        self._section_revised(actor.to_dict(), values.slug("section", name),
                              values.text("section text", text, limit=200_000))
        self._reopen_answered(actor, f"section {name} changed")

    @event("SectionRevised", topic=_topic("SectionRevised"))
    def _section_revised(self, actor: dict, name: str, text: str) -> None:
        self.sections.setdefault(name, []).append(text)

    def set_publicity(self, actor: Actor, actively_public: bool) -> None:
        self._check_may_change(actor, "change its publicity")
        if self.status in FINAL:
            raise IllegalTransition(f"change publicity on {self.label}", f"it is {self.status}")
        self._publicity_set(actor.to_dict(), bool(actively_public))

    @event("PublicitySet", topic=_topic("PublicitySet"))
    def _publicity_set(self, actor: dict, actively_public: bool) -> None:
        self.actively_public = actively_public

    # --- advised decisions and attachments ------------------------------------

    def add_advised_decision(self, actor: Actor, text: str) -> int:
        self._check_may_change(actor, "add an advised decision")
        self._check_editable(f"add an advised decision on {self.label}")
        number = max(self.advised, default=0) + 1
        self._advised_added(actor.to_dict(), number, values.text("advised decision", text))
        self._reopen_answered(actor, f"advised decision {number} added")
        return number

    @event("AdvisedDecisionAdded", topic=_topic("AdvisedDecisionAdded"))
    def _advised_added(self, actor: dict, number: int, text: str) -> None:
        self.advised[number] = {"number": number, "text": text, "outcome": None, "remarks": ""}

    def revise_advised_decision(self, actor: Actor, number: int, text: str) -> None:
        self._check_may_change(actor, "revise an advised decision")
        self._check_editable(f"revise an advised decision on {self.label}")
        self._advised(number)
        self._advised_revised(actor.to_dict(), number, values.text("advised decision", text))
        self._reopen_answered(actor, f"advised decision {number} changed")

    @event("AdvisedDecisionRevised", topic=_topic("AdvisedDecisionRevised"))
    def _advised_revised(self, actor: dict, number: int, text: str) -> None:
        self.advised[number]["text"] = text

    def remove_advised_decision(self, actor: Actor, number: int) -> None:
        self._check_may_change(actor, "remove an advised decision")
        self._check_editable(f"remove an advised decision on {self.label}")
        self._advised(number)
        self._advised_removed(actor.to_dict(), number)
        self._reopen_answered(actor, f"advised decision {number} removed")

    @event("AdvisedDecisionRemoved", topic=_topic("AdvisedDecisionRemoved"))
    def _advised_removed(self, actor: dict, number: int) -> None:
        del self.advised[number]

    def add_attachment(self, actor: Actor, number: int, name: str, information: str = "") -> None:
        self._check_may_change(actor, "add an attachment")
        self._check_editable(f"add an attachment on {self.label}")
        number = values.positive("volgnummer", number)
        if number in self.attachments:
            raise InvalidInput(f"note {self.reference} already has attachment {number}")
        self._attachment_added(actor.to_dict(), number, values.text("attachment name", name),
                               str(information or "").strip())
        self._reopen_answered(actor, f"attachment {number} added")

    @event("AttachmentAdded", topic=_topic("AttachmentAdded"))
    def _attachment_added(self, actor: dict, number: int, name: str, information: str) -> None:
        self.attachments[number] = {"number": number, "name": name, "information": information}

    def remove_attachment(self, actor: Actor, number: int) -> None:
        self._check_may_change(actor, "remove an attachment")
        self._check_editable(f"remove an attachment on {self.label}")
        if number not in self.attachments:
            raise NotFound(f"note {self.reference} has no attachment {number}")
        self._attachment_removed(actor.to_dict(), number)
        self._reopen_answered(actor, f"attachment {number} removed")

    @event("AttachmentRemoved", topic=_topic("AttachmentRemoved"))
    def _attachment_removed(self, actor: dict, number: int) -> None:
        del self.attachments[number]

    # --- paraph route ---------------------------------------------------------

    def set_paraph_route(self, actor: Actor, steps: list[dict]) -> None:
        self._check_may_change(actor, "set its paraph route")
        self._check_editable(f"set the paraph route on {self.label}")
        if not steps:
            raise InvalidInput("a paraph route needs at least one step (role and unit)")
        clean = [{"role": values.text("step role", s.get("role")),
                  "unit": values.text("step unit", s.get("unit"))} for s in steps]
        self._route_set(actor.to_dict(), clean)

    @event("ParaphRouteSet", topic=_topic("ParaphRouteSet"))
    def _route_set(self, actor: dict, steps: list) -> None:
        self.route = [{**step, "initialled_by": None, "initialled_at": None} for step in steps]

    def start_review(self, actor: Actor) -> None:
        self._check_may_change(actor, "send it up the paraph route")
        self._check_editable(f"send {self.label} up the paraph route")
        if not self.route:
            raise IllegalTransition(f"start the paraph route on {self.label}", "no route is set")
        self._review_started(actor.to_dict())

    @event("ReviewStarted", topic=_topic("ReviewStarted"))
    def _review_started(self, actor: dict) -> None:
        self.status = "in_review"
        self.return_reason = None
        for step in self.route:
            step["initialled_by"] = step["initialled_at"] = None

    def initial(self, actor: Actor, step: int) -> None:
        self._check_may_change(actor, "initial it")
        self._check_status(f"initial {self.label}", "in_review")
        expected = self.next_step
        if expected is None:
            raise IllegalTransition(f"initial {self.label}",
                                    "every step of the route is already initialled")
        if step != expected:
            raise IllegalTransition(f"initial step {step} on {self.label}", f"step {expected} "
                                    f"({self.route[expected]['role']}) comes first")
        self._initialled(actor.to_dict(), step)

    @event("Initialled", topic=_topic("Initialled"))
    def _initialled(self, actor: dict, step: int) -> None:
        self.route[step]["initialled_by"] = actor.get("person_id") or actor["organisation"]
        self.route[step]["initialled_at"] = self.modified_on_iso

    def refuse_initial(self, actor: Actor, step: int, reason: str) -> None:
        self._check_may_change(actor, "refuse its initial")
        self._check_status(f"refuse its initial on {self.label}", "in_review")
        if step != self.next_step:
            raise IllegalTransition(f"refuse step {step} on {self.label}",
                                    "it is not the step awaiting initials")
        self._initial_refused(actor.to_dict(), step, values.text("reason", reason))

    @event("InitialRefused", topic=_topic("InitialRefused"))
    def _initial_refused(self, actor: dict, step: int, reason: str) -> None:
        self.status = "returned"
        self.return_reason = reason

    @property
    def next_step(self) -> int | None:
        """The index of the first step not yet initialled, or None when complete."""
        for index, step in enumerate(self.route):
            if step["initialled_by"] is None:
                return index
        return None

    # --- consultations ----------------------------------------------------------

    def request_consultation(self, actor: Actor, organisation: str, role: str,
                             reply_by: str | None = None,
                             settings: ReminderSettings = DEFAULTS) -> None:
        """Ask an organisation for consultation, to answer by ``reply_by`` (by default the
        settings' number of working days after the request's effective day)."""
        self._check_may_change(actor, "request a consultation")
        if self.status not in OPEN_FOR_ANSWERS:
            raise IllegalTransition(f"request consultation on {self.label}", f"it is {self.status}")
        organisation = normalise(organisation)
        values.check_choice("consultation role", role, CONSULTATION_ROLES)
        current = self.consultations.get(organisation)
        if current and current["status"] != "withdrawn":
            raise IllegalTransition(f"request consultation with {organisation} on {self.label}",
                                    "already requested")
        if reply_by:  # one already past is recorded as said: that answer is overdue at once
            reply_by = values.iso_date("reply-by date", reply_by)
        else:
            requested_on = local_day(actor.effective) if actor.effective else today_here()
            reply_by = settings.reply_by(requested_on).isoformat()
        self._consultation_requested(actor.to_dict(), organisation, role, reply_by)

    class ConsultationRequested(Event):
        """An organisation is asked to answer by ``reply_by`` (YYYY-MM-DD). Version 3
        renamed ``due`` to ``reply_by`` and made it always present."""

        TOPIC = _topic("ConsultationRequested")
        class_version = 3
        organisation: str
        role: str
        reply_by: str

        @staticmethod
        def upcast_v2_v3(state: dict) -> None:
            """Requests from before reply-by dates: the given due date, or the default
            (DEFAULTS, not an installation's setting: a stored event reads the same
            everywhere) counted from the request's effective day."""
            due = state.pop("due", None)
            state["reply_by"] = due or DEFAULTS.reply_by(
                local_day(state["effective"])).isoformat()

    @event(ConsultationRequested)
    def _consultation_requested(self, actor: dict, organisation: str, role: str,
                                reply_by: str) -> None:
        self.consultations[organisation] = {
            "organisation": organisation, "role": role, "reply_by": reply_by,
            "due": reply_by,  # its name before version 3, still read by older clients
            "status": "requested", "outcome": None, "remarks": "",
            "requested_at": self.modified_on_iso, "answered_at": None, "round": 1,
        }

    def answer_consultation(self, actor: Actor, organisation: str, outcome: str,
                            remarks: str = "") -> None:
        organisation = normalise(organisation)
        self._check_may_change(actor, "answer a consultation", on_behalf_of=organisation)
        consultation = self._consultation(organisation)
        if self.status not in OPEN_FOR_ANSWERS:
            raise IllegalTransition(f"answer the consultation of {organisation} on {self.label}",
                                    f"it is {self.status}")
        if consultation["status"] not in ("requested", "reopened"):
            raise IllegalTransition(f"answer the consultation of {organisation} on {self.label}",
                                    f"it is {consultation['status']}")
        values.check_choice("answer", outcome, ANSWERS)
        if outcome == "agreed_with_remarks" and not str(remarks or "").strip():
            raise InvalidInput("an answer 'agreed_with_remarks' needs remarks")
        self._consultation_answered(actor.to_dict(), organisation, outcome,
                                    str(remarks or "").strip())

    @event("ConsultationAnswered", topic=_topic("ConsultationAnswered"))
    def _consultation_answered(self, actor: dict, organisation: str, outcome: str,
                               remarks: str) -> None:
        self.consultations[organisation].update(
            status="answered", outcome=outcome, remarks=remarks, answered_at=self.modified_on_iso
        )

    def withdraw_consultation(self, actor: Actor, organisation: str) -> None:
        self._check_may_change(actor, "withdraw a consultation")
        organisation = normalise(organisation)
        if self._consultation(organisation)["status"] == "withdrawn":
            raise IllegalTransition(f"withdraw the consultation of {organisation} on {self.label}",
                                    "already withdrawn")
        if self.status not in OPEN_FOR_ANSWERS:
            raise IllegalTransition(f"withdraw a consultation on {self.label}",
                                    f"it is {self.status}")
        self._consultation_withdrawn(actor.to_dict(), organisation)

    @event("ConsultationWithdrawn", topic=_topic("ConsultationWithdrawn"))
    def _consultation_withdrawn(self, actor: dict, organisation: str) -> None:
        self.consultations[organisation]["status"] = "withdrawn"

    def _reopen_answered(self, actor: Actor, reason: str) -> None:
        reopened_on = local_day(actor.effective) if actor.effective else today_here()
        for organisation, consultation in sorted(self.consultations.items()):
            if consultation["status"] == "answered":
                self._consultation_reopened(actor.to_dict(), organisation, reason,
                                            renewed_reply_by(consultation, reopened_on))

    @event("ConsultationReopened", topic=_topic("ConsultationReopened"))
    def _consultation_reopened(self, actor: dict, organisation: str, reason: str,
                               reply_by: str = "") -> None:  # reopenings before: date kept
        consultation = self.consultations[organisation]
        consultation.update(status="reopened", reopen_reason=reason,
                            round=consultation["round"] + 1)
        if reply_by:
            consultation.update(reply_by=reply_by, due=reply_by)

    # --- reminders ------------------------------------------------------------------

    def reminders_due(self, today: date, settings: ReminderSettings = DEFAULTS
                      ) -> list[Reminder]:
        """The reminders of awaited answers that are due by ``today`` and not yet recorded."""
        if self.status not in OPEN_FOR_ANSWERS:
            return []
        due: list[Reminder] = []
        for organisation, consultation in sorted(self.consultations.items()):
            if consultation["status"] in AWAITING:
                recorded = recorded_keys(consultation.get("reminders", ()), organisation)
                due += [reminder for reminder in consultation_reminders(
                    organisation, date.fromisoformat(reply_by(consultation)),
                    date.fromisoformat(requested_on(consultation)), today, settings)
                    if reminder.key not in recorded]
        return due

    def remind(self, actor: Actor, today: date, settings: ReminderSettings = DEFAULTS) -> int:
        """Record each reminder due by ``today`` (the system's task); how many were due."""
        if actor.role != "system":
            raise NotPermitted("reminders are recorded by the system only")
        reminders = self.reminders_due(today, settings)
        for reminder in reminders:
            record = (self._consultation_reply_due if reminder.kind == REPLY_DUE
                      else self._consultation_overdue)
            record(actor.to_dict(), reminder.organisation, self.ministry, self.reference,
                   reminder.deadline.isoformat(), reminder.remind_on.isoformat())
        return len(reminders)

    @event(REPLY_DUE, topic=_topic(REPLY_DUE))
    def _consultation_reply_due(self, actor: dict, organisation: str, ministry: str,
                                reference: str, reply_by: str, remind_on: str) -> None:
        self._reminded(REPLY_DUE, organisation, reply_by, remind_on)

    @event(CONSULTATION_OVERDUE, topic=_topic(CONSULTATION_OVERDUE))
    def _consultation_overdue(self, actor: dict, organisation: str, ministry: str,
                              reference: str, reply_by: str, remind_on: str) -> None:
        self._reminded(CONSULTATION_OVERDUE, organisation, reply_by, remind_on)

    def _reminded(self, kind: str, organisation: str, deadline: str, remind_on: str) -> None:
        consultation = self.consultations[organisation]
        consultation["reminders"] = [*consultation.get("reminders", ()), {
            "kind": kind, "deadline": deadline, "remind_on": remind_on,
            "at": self.modified_on_iso}]

    # --- submission and decision -------------------------------------------------

    def submit(self, actor: Actor) -> None:
        self._check_may_change(actor, "submit it for decision")
        if self.status != "in_review":
            raise IllegalTransition(f"submit {self.label} for decision",
                                    f"it is {self.status}, " "not through its paraph route")
        if self.next_step is not None:
            step = self.route[self.next_step]
            raise IllegalTransition(f"submit {self.label}",
                                    f"step {self.next_step} of the paraph route "
                                    f"({step['role']} {step['unit']}) has not initialled")
        for organisation, consultation in sorted(self.consultations.items()):
            if consultation["role"] == "co_responsible" and consultation["status"] in (
                    "requested", "reopened"):
                raise IllegalTransition(f"submit {self.label}", f"consultation with {organisation} "
                                        "(co_responsible) is unanswered")
        if not self.advised and self.kind == "decision":
            raise IllegalTransition(f"submit {self.label}", "it has no advised decision")
        self._submitted(actor.to_dict())

    @event("Submitted", topic=_topic("Submitted"))
    def _submitted(self, actor: dict) -> None:
        self.status = "submitted"

    def record_outcome(self, actor: Actor, number: int, outcome: str, remarks: str = "") -> None:
        self._check_may_change(actor, "record a decision")
        self._check_status(f"record a decision on advised decision {number} on {self.label}",
                           "submitted")
        self._advised(number)
        values.check_choice("outcome", outcome, OUTCOMES)
        self._outcome_recorded(actor.to_dict(), number, outcome, str(remarks or "").strip())

    @event("OutcomeRecorded", topic=_topic("OutcomeRecorded"))
    def _outcome_recorded(self, actor: dict, number: int, outcome: str, remarks: str) -> None:
        self.advised[number].update(outcome=outcome, remarks=remarks)

    def annotate(self, actor: Actor, text: str) -> None:
        self._check_may_change(actor, "annotate it")
        self._check_status(f"annotate {self.label}", "submitted", "decided")
        self._annotated(actor.to_dict(), values.text("annotation", text))

    @event("Annotated", topic=_topic("Annotated"))
    def _annotated(self, actor: dict, text: str) -> None:
        self.annotations.append(text)

    def decide(self, actor: Actor) -> None:
        self._check_may_change(actor, "record its decision")
        self._check_status(f"record its decision on {self.label}", "submitted")
        undecided = [n for n, item in sorted(self.advised.items()) if item["outcome"] is None]
        if undecided:
            listed = ", ".join(str(n) for n in undecided)
            raise IllegalTransition(f"record its decision on {self.label}",
                                    f"advised decision {listed} " "has no outcome")
        self._decided(actor.to_dict())

    @event("Decided", topic=_topic("Decided"))
    def _decided(self, actor: dict) -> None:
        self.status = "decided"
        self.decided_by = actor.get("person_id")

    def return_to_draft(self, actor: Actor, reason: str) -> None:
        self._check_may_change(actor, "return it to draft")
        self._check_status(f"return {self.label} to draft", "in_review", "submitted")
        self._returned(actor.to_dict(), values.text("reason", reason))

    @event("Returned", topic=_topic("Returned"))
    def _returned(self, actor: dict, reason: str) -> None:
        self.status = "returned"
        self.return_reason = reason
        for item in self.advised.values():
            item.update(outcome=None, remarks="")

    def withdraw(self, actor: Actor, reason: str) -> None:
        self._check_may_change(actor, "withdraw it")
        if self.status in FINAL + ("letter_sent",):
            raise IllegalTransition(f"withdraw {self.label}", f"it is {self.status}")
        self._withdrawn(actor.to_dict(), values.text("reason", reason))

    @event("Withdrawn", topic=_topic("Withdrawn"))
    def _withdrawn(self, actor: dict, reason: str) -> None:
        self.status = "withdrawn"
        self.withdraw_reason = reason

    # --- co-senders and the letter ------------------------------------------------

    def add_co_sender(self, actor: Actor, co_sender: str) -> None:
        self._check_may_change(actor, "add a co-sender")
        co_sender = values.text("co-sender", co_sender)
        self._check_not_sent(f"add a co-sender on {self.label}")
        if co_sender in self.co_senders:
            raise IllegalTransition(f"add co-sender {co_sender!r} on {self.label}",
                                    "already a co-sender")
        self._co_sender_added(actor.to_dict(), co_sender)

    @event("CoSenderAdded", topic=_topic("CoSenderAdded"))
    def _co_sender_added(self, actor: dict, co_sender: str) -> None:
        self.co_senders.append(co_sender)

    def remove_co_sender(self, actor: Actor, co_sender: str) -> None:
        self._check_may_change(actor, "remove a co-sender")
        self._check_not_sent(f"remove a co-sender on {self.label}")
        if co_sender not in self.co_senders:
            raise NotFound(f"note {self.reference} has no co-sender {co_sender!r}")
        self._co_sender_removed(actor.to_dict(), co_sender)

    @event("CoSenderRemoved", topic=_topic("CoSenderRemoved"))
    def _co_sender_removed(self, actor: dict, co_sender: str) -> None:
        self.co_senders.remove(co_sender)

    def plan_letter(self, actor: Actor, planned: str) -> None:
        self._check_may_change(actor, "plan its letter")
        self._check_not_sent(f"plan the letter on {self.label}")
        deadline = Deadline.parse(values.text("planned", planned), context=values.day(self.date))
        self._letter_planned(actor.to_dict(), deadline.to_dict())

    @event("LetterPlanned", topic=_topic("LetterPlanned"))
    def _letter_planned(self, actor: dict, planned: dict) -> None:
        self.letter["planned"] = planned

    def sign_letter(self, actor: Actor) -> None:
        self._check_may_change(actor, "sign its letter")
        self._check_status(f"sign the letter on {self.label}", "decided")
        if self.letter.get("signed_at"):
            raise IllegalTransition(f"sign the letter on {self.label}", "it is already signed")
        self._letter_signed(actor.to_dict())

    @event("LetterSigned", topic=_topic("LetterSigned"))
    def _letter_signed(self, actor: dict) -> None:
        self.letter.update(signed_at=self.modified_on_iso, signed=self._effective)

    def send_letter(self, actor: Actor, chamber: str) -> None:
        self._check_may_change(actor, "send its letter")
        self._check_status(f"send the letter on {self.label}", "decided")
        if not self.letter.get("signed_at"):
            raise IllegalTransition(f"send the letter on {self.label}", "it is not signed")
        values.check_choice("chamber", chamber, CHAMBERS)
        self._letter_sent(actor.to_dict(), chamber)

    @event("LetterSent", topic=_topic("LetterSent"))
    def _letter_sent(self, actor: dict, chamber: str) -> None:
        self.status = "letter_sent"
        self.letter.update(chamber=chamber, sent_at=self.modified_on_iso, sent=self._effective)

    def register_letter(self, actor: Actor, parliament_number: str) -> None:
        self._check_may_change(actor, "register its letter")
        if self.status not in ("letter_sent", "published"):
            raise IllegalTransition(f"register the letter on {self.label}", "it has not been sent")
        if self.letter.get("parliament_number"):
            raise IllegalTransition(f"register the letter on {self.label}",
                                    "it is already registered as "
                                    f"{self.letter['parliament_number']}")
        self._letter_registered(actor.to_dict(), values.text("parliament number",
                                                             parliament_number, limit=64))

    @event("LetterRegistered", topic=_topic("LetterRegistered"))
    def _letter_registered(self, actor: dict, parliament_number: str) -> None:
        self.letter["parliament_number"] = parliament_number

    # --- links and publication ------------------------------------------------------

    def link_commitment(self, actor: Actor, commitment_id: UUID,
                        relation: str = "fulfils") -> None:
        self._check_may_change(actor, "link a commitment")
        self._check_not_sent(f"link a commitment on {self.label}")
        values.check_choice("relation", relation, RELATIONS)
        if str(commitment_id) in self.commitment_ids:
            raise IllegalTransition(f"link the commitment on {self.label}", "it is already linked")
        self._commitment_linked(actor.to_dict(), str(commitment_id), relation)

    @event("CommitmentLinked", topic=_topic("CommitmentLinked"))
    def _commitment_linked(self, actor: dict, commitment_id: str,
                           relation: str = "fulfils") -> None:  # links before relations fulfilled
        self.commitment_ids.append(commitment_id)
        self.__dict__.setdefault("commitment_relations", {})[commitment_id] = relation

    def relation_to(self, commitment_id: UUID | str) -> str:
        """How this note's letter bears on a linked commitment."""
        return self.__dict__.get("commitment_relations", {}).get(str(commitment_id), "fulfils")

    def link_motion(self, actor: Actor, motion_id: UUID) -> None:
        self._check_may_change(actor, "link a motion")
        self._check_not_sent(f"link a motion on {self.label}")
        if str(motion_id) in self.motion_ids:
            raise IllegalTransition(f"link the motion on {self.label}", "it is already linked")
        self._motion_linked(actor.to_dict(), str(motion_id))

    @event("MotionLinked", topic=_topic("MotionLinked"))
    def _motion_linked(self, actor: dict, motion_id: str) -> None:
        self.motion_ids.append(motion_id)

    def publish(self, actor: Actor) -> None:
        self._check_may_change(actor, "publish it")
        if not self.actively_public:
            raise IllegalTransition(f"publish {self.label}", "it is not marked actively public")
        self._check_status(f"publish {self.label}", "letter_sent")
        self._published(actor.to_dict())

    @event("Published", topic=_topic("Published"))
    def _published(self, actor: dict) -> None:
        self.status = "published"
        self.published_at = self.modified_on_iso

    # --- checks ---------------------------------------------------------------------

    @property
    def parties(self) -> set[str]:
        return parties(self.ministry, self.collaborating, self.consultations)

    def _check_may_change(self, actor: Actor, action: str, on_behalf_of: str = "") -> None:
        """Who may change this note: an organisation that is no party may not even learn
        that it exists; the owner does everything except answer for another party; each
        party answers its own consultation (``on_behalf_of``)."""
        if actor.role in RECORDERS:
            return
        if actor.organisation not in self.parties:
            raise NotFound(f"no note {self.reference}")
        if on_behalf_of and actor.organisation != on_behalf_of:
            raise OtherOrganisation(f"{actor.organisation} cannot answer for {on_behalf_of}: "
                                    "a consultee answers for its own organisation only")
        if not on_behalf_of and actor.organisation != self.ministry:
            raise OtherOrganisation(f"only {self.ministry}, which owns note {self.reference}, "
                                    f"can {action}")

    @property
    def modified_on_iso(self) -> str:
        return self.modified_on.isoformat()

    @property
    def label(self) -> str:
        """How refusals name this note."""
        return f"note {self.reference}"

    def _check_status(self, action: str, *allowed: str) -> None:
        if self.status not in allowed:
            raise IllegalTransition(action, f"it is {self.status}, not {' or '.join(allowed)}")

    def _check_editable(self, action: str) -> None:
        if self.status not in EDITABLE:
            raise IllegalTransition(action, f"it is {self.status}; only a draft can change")

    def _check_not_sent(self, action: str) -> None:
        if self.status in FINAL + ("letter_sent",):
            raise IllegalTransition(action, f"it is {self.status}")

    def _advised(self, number: int) -> dict:
        try:
            return self.advised[number]
        except KeyError:
            raise NotFound(f"note {self.reference} has no advised decision {number}") from None

    def _consultation(self, organisation: str) -> dict:
        try:
            return self.consultations[organisation]
        except KeyError:
            raise NotFound(f"note {self.reference} has no consultation with "
                           f"{organisation}") from None
