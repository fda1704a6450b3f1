"""The Motion aggregate: a motie from submission to its execution report."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain import values
from domain.actor import Actor
from domain.base import ChainedAggregate
from domain.errors import IllegalTransition, InvalidInput
from domain.organisations import normalise
from domain.owned import Owned
from domain.parliament import debate, derived_id

STATUSES = ("submitted", "held", "taken_over", "adopted", "rejected", "withdrawn", "lapsed")
APPRAISALS = ("overgenomen", "ontraden", "oordeel_kamer", "ontijdig", "aangehouden_verzocht",
              "ondersteuning_beleid")
PENDING = ("submitted", "held")
EXECUTABLE = ("adopted", "taken_over")


def _topic(name: str) -> str:
    return f"notaledger.motion:{name}"


def motion_id(text: str, debate_date: str | None, case_number: str) -> UUID:
    """A motion's id follows from its case number, or else its text and debate date."""
    if case_number:
        return derived_id("motion", case_number)
    return derived_id("motion", text, debate_date)


class Motion(Owned, ChainedAggregate):
    """A motie: submitted by members, appraised, held, voted on, executed."""

    TOPIC = _topic("Motion")
    BACKDATABLE = frozenset(("Submitted", "Appraised", "TakenOver", "StatusChanged",
                             "LinkedToNote", "ExecutionReported"))

    class Event(ChainedAggregate.Event):
        TOPIC = _topic("Event")

    class Created(Event, ChainedAggregate.Created):
        TOPIC = _topic("Created")

    @staticmethod
    def create_id(text: str, debate: dict, case_number: str) -> UUID:
        return motion_id(text, debate.get("date"), case_number)

    @classmethod
    def submit(cls, actor: Actor, text: str, submitters: list[dict], debate_kind: str,
               debate_date: str | None, debate_title: str = "", case_number: str = "",
               ministry: str = "") -> Motion:
        """Record a motion submitted in a debate."""
        if not submitters:
            raise InvalidInput("a motion needs at least one submitter (name and party)")
        # A motion to "de regering" belongs to the ministry that registers it.
        ministry = normalise(ministry) if ministry else actor.organisation
        actor.check_acts_for(ministry)
        return cls(actor=actor.to_dict(), text=values.text("text", text),
                   submitters=values.members(submitters),
                   debate=debate(debate_kind, debate_date, debate_title),
                   case_number=str(case_number or "").strip(), ministry=ministry)

    @event("Submitted", topic=_topic("Submitted"))
    def __init__(self, actor: dict, text: str, submitters: list, debate: dict,
                 case_number: str, ministry: str) -> None:
        self.text, self.submitters, self.debate = text, list(submitters), debate
        self.case_number, self.ministry = case_number, ministry
        self.status = "submitted"
        self.appraisal: str | None = None
        self.taken_over_by: str | None = None
        self.note_ids: list[str] = []
        self.execution_reports: list[dict] = []
        self.history: list[str] = ["submitted"]

    def appraise(self, actor: Actor, appraisal: str, remarks: str = "") -> None:
        self._check_may_change(actor)
        self._check(PENDING, "record the cabinet's appraisal")
        values.check_choice("appraisal", appraisal, APPRAISALS)
        self._appraised(actor.to_dict(), appraisal, str(remarks or "").strip())

    @event("Appraised", topic=_topic("Appraised"))
    def _appraised(self, actor: dict, appraisal: str, remarks: str) -> None:
        self.appraisal = appraisal

    def hold(self, actor: Actor) -> None:
        self._check_may_change(actor)
        self._check(("submitted",), "hold it")
        self._status_changed(actor.to_dict(), "held", "")

    def resubmit(self, actor: Actor) -> None:
        self._check_may_change(actor)
        self._check(("held",), "resubmit it")
        self._status_changed(actor.to_dict(), "submitted", "")

    def take_over(self, actor: Actor, by: str) -> None:
        self._check_may_change(actor)
        self._check(PENDING, "take it over")
        self._taken_over(actor.to_dict(), values.text("taken over by", by, limit=200))

    @event("TakenOver", topic=_topic("TakenOver"))
    def _taken_over(self, actor: dict, by: str) -> None:
        self.status = "taken_over"
        self.taken_over_by = by
        self.history.append("taken_over")

    def record_vote(self, actor: Actor, adopted: bool, vote_date: str | None = None) -> None:
        self._check_may_change(actor)
        self._check(("submitted",), "record a vote")
        self._status_changed(actor.to_dict(), "adopted" if adopted else "rejected",
                             values.iso_date("vote date", vote_date) if vote_date else "")

    def withdraw(self, actor: Actor) -> None:
        self._check_may_change(actor)
        self._check(PENDING, "withdraw it")
        self._status_changed(actor.to_dict(), "withdrawn", "")

    def lapse(self, actor: Actor) -> None:
        self._check_may_change(actor)
        self._check(PENDING, "let it lapse")
        self._status_changed(actor.to_dict(), "lapsed", "")

    @event("StatusChanged", topic=_topic("StatusChanged"))
    def _status_changed(self, actor: dict, status: str, on: str) -> None:
        self.status = status
        self.history.append(status)

    def link_note(self, actor: Actor, note_id: UUID, reference: str) -> None:
        if str(note_id) in self.note_ids:
            raise IllegalTransition(f"link motion {self.label} to note {reference}",
                                    "already linked")
        self._note_linked(actor.to_dict(), str(note_id), reference)

    @event("LinkedToNote", topic=_topic("LinkedToNote"))
    def _note_linked(self, actor: dict, note_id: str, reference: str) -> None:
        self.note_ids.append(note_id)

    def report_execution(self, actor: Actor, note_id: UUID, reference: str, chamber: str) -> None:
        self._check(EXECUTABLE, "report its execution")
        self._execution_reported(actor.to_dict(), str(note_id), reference, chamber)

    @event("ExecutionReported", topic=_topic("ExecutionReported"))
    def _execution_reported(self, actor: dict, note_id: str, reference: str,
                            chamber: str) -> None:
        self.execution_reports.append({"note_id": note_id, "reference": reference,
                                       "chamber": chamber})

    @property
    def label(self) -> str:
        return self.case_number or str(self.id)

    def _check(self, allowed: tuple[str, ...], what: str) -> None:
        if self.status not in allowed:
            raise IllegalTransition(f"{what} for motion {self.label}",
                                    f"it is {self.status}, not {' or '.join(allowed)}")

    def describe(self) -> str:
        return f"motion {self.label}"

    @event("CoOwnerAdded", topic=_topic("CoOwnerAdded"))
    def _co_owner_added(self, actor: dict, organisation: str) -> None:
        self._add_co_owner(organisation)
