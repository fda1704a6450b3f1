"""The Commitment aggregate: a toezegging made to parliament in a debate."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain import values
from domain.actor import Actor
from domain.base import ChainedAggregate
from domain.deadline import Deadline
from domain.effective import Effective
from domain.errors import IllegalTransition, NotPermitted
from domain.organisations import normalise
from domain.owned import Owned
from domain.parliament import debate, derived_id
from domain.reminders import (
    COMMITMENT_OVERDUE,
    DEFAULTS,
    DUE_SOON,
    Reminder,
    ReminderSettings,
    commitment_reminders,
    recorded_keys,
)

STATUSES = ("open", "partially_fulfilled", "fulfilled", "lapsed")
UNSETTLED = ("open", "partially_fulfilled")


def settled_late(deadline: dict, effective: str) -> bool:
    """Whether a settlement happened after the deadline's last day (certainly so)."""
    end = (deadline or {}).get("end")
    return bool(end) and Effective.parse(effective).first_day().isoformat() > end


def _topic(name: str) -> str:
    return f"notaledger.commitment:{name}"


def commitment_id(text: str, debate_date: str | None, minister: str) -> UUID:
    """A commitment's id follows from its text, debate date and minister."""
    return derived_id("commitment", text, debate_date, minister)


class Commitment(Owned, ChainedAggregate):
    """A toezegging: who promised what to whom, by when, and how it was settled."""

    TOPIC = _topic("Commitment")
    BACKDATABLE = frozenset(("Registered", "LinkedToNote", "Fulfilled", "PartiallyFulfilled",
                             "Lapsed", "StatusSet"))

    class Event(ChainedAggregate.Event):
        TOPIC = _topic("Event")

    class Created(Event, ChainedAggregate.Created):
        TOPIC = _topic("Created")

    @staticmethod
    def create_id(text: str, debate: dict, minister: str) -> UUID:
        return commitment_id(text, debate.get("date"), minister)

    @classmethod
    def register(cls, actor: Actor, text: str, minister: str, ministry: str,
                 recipients: list[dict], debate_kind: str, debate_date: str | None,
                 debate_title: str = "", deadline: str = "", parliament_number: str = "",
                 to_several_members: bool = False, motion_id: str = "") -> Commitment:
        """Record a commitment made in a debate."""
        actor.check_acts_for(normalise(ministry))
        held_in = debate(debate_kind, debate_date, debate_title)
        context = values.day(held_in["date"]) if held_in["date"] else None
        due = Deadline.parse(str(deadline or ""), context=context)
        return cls(actor=actor.to_dict(), text=values.text("text", text),
                   minister=values.text("minister", minister, limit=200),
                   ministry=normalise(ministry), recipients=values.members(recipients),
                   to_several_members=bool(to_several_members), debate=held_in,
                   deadline=due.to_dict(), parliament_number=str(parliament_number or ""),
                   **({"motion_id": str(motion_id)} if motion_id else {}))

    @event("Registered", topic=_topic("Registered"))
    def __init__(self, actor: dict, text: str, minister: str, ministry: str, recipients: list,
                 to_several_members: bool, debate: dict, deadline: dict,
                 parliament_number: str, motion_id: str = "") -> None:
        self.text, self.minister, self.ministry = text, minister, ministry
        self.recipients, self.to_several_members = list(recipients), to_several_members
        self.debate, self.deadline, self.parliament_number = debate, deadline, parliament_number
        self.motion_id = motion_id  # the motion it concerns, if any ("" for none)
        self.status = "open"
        self.note_ids: list[str] = []
        self.note_relations: dict[str, str] = {}
        self.settlements: list[dict] = []

    def change_deadline(self, actor: Actor, deadline: str, reason: str) -> None:
        self._check_may_change(actor)
        self._check_unsettled("change its deadline")
        context = values.day(self.debate["date"]) if self.debate["date"] else None
        self._deadline_changed(actor.to_dict(), Deadline.parse(
            values.text("deadline", deadline), context=context).to_dict(),
            values.text("reason", reason))

    @event("DeadlineChanged", topic=_topic("DeadlineChanged"))
    def _deadline_changed(self, actor: dict, deadline: dict, reason: str) -> None:
        self.deadline = deadline

    def link_note(self, actor: Actor, note_id: UUID, reference: str,
                  relation: str = "fulfils") -> None:
        if str(note_id) in self.note_ids:
            raise IllegalTransition(f"link commitment {self.id} to note {reference}",
                                    "already linked")
        self._note_linked(actor.to_dict(), str(note_id), reference, relation)

    @event("LinkedToNote", topic=_topic("LinkedToNote"))
    def _note_linked(self, actor: dict, note_id: str, reference: str,
                     relation: str = "fulfils") -> None:
        self.note_ids.append(note_id)
        self.__dict__.setdefault("note_relations", {})[note_id] = relation

    def settle_by_letter(self, actor: Actor, note_id: UUID, reference: str, chamber: str,
                         relation: str) -> bool:
        """What sending a linked letter does: fulfils, partly fulfils, or (mentions) nothing."""
        if relation == "mentions" or self.status not in UNSETTLED:
            return False
        if relation == "partly_fulfils":
            self._check_unsettled("record a partial fulfilment")
            self._partially_fulfilled(actor.to_dict(), "partly fulfilled by the letter of note "
                                      f"{reference}", reference, str(note_id), chamber)
        else:
            self.fulfil_by_letter(actor, note_id, reference, chamber)
        return True

    def fulfil_by_letter(self, actor: Actor, note_id: UUID, reference: str, chamber: str) -> None:
        self._check_unsettled("record its fulfilment")
        self._fulfilled(actor.to_dict(), str(note_id), reference, chamber)

    @event("Fulfilled", topic=_topic("Fulfilled"))
    def _fulfilled(self, actor: dict, note_id: str, reference: str, chamber: str) -> None:
        self.status = "fulfilled"
        self._settle({"status": "fulfilled", "note_id": note_id, "reference": reference,
                      "chamber": chamber})

    def fulfil_partially(self, actor: Actor, remarks: str, reference: str = "") -> None:
        self._check_may_change(actor)
        self._check_unsettled("record a partial fulfilment")
        self._partially_fulfilled(actor.to_dict(), values.text("remarks", remarks),
                                  str(reference or ""))

    @event("PartiallyFulfilled", topic=_topic("PartiallyFulfilled"))
    def _partially_fulfilled(self, actor: dict, remarks: str, reference: str,
                             note_id: str = "", chamber: str = "") -> None:
        self.status = "partially_fulfilled"
        self._settle({"status": "partially_fulfilled", "remarks": remarks,
                      "reference": reference, "note_id": note_id, "chamber": chamber})

    def lapse(self, actor: Actor, reason: str) -> None:
        self._check_may_change(actor)
        self._check_unsettled("let it lapse")
        self._lapsed(actor.to_dict(), values.text("reason", reason))

    @event("Lapsed", topic=_topic("Lapsed"))
    def _lapsed(self, actor: dict, reason: str) -> None:
        self.status = "lapsed"
        self._settle({"status": "lapsed", "reason": reason})

    def set_status(self, actor: Actor, status: str, reason: str) -> None:
        """The clerk's correction: any of the Tweede Kamer's four statuses, with a reason."""
        self._check_may_change(actor)
        values.check_choice("status", status, STATUSES)
        if status == self.status:
            raise IllegalTransition(f"set commitment {self.id} to {status}", "it already is")
        self._status_set(actor.to_dict(), status, values.text("reason", reason))

    @event("StatusSet", topic=_topic("StatusSet"))
    def _status_set(self, actor: dict, status: str, reason: str) -> None:
        self.status = status
        self._settle({"status": status, "reason": reason, "set_by_clerk": True})

    def _settle(self, settlement: dict) -> None:
        """A settlement, with when it happened and whether that was after the deadline."""
        effective = getattr(self, "_effective", None) or self.modified_on.isoformat()
        self.settlements.append({**settlement, "effective": effective,
                                 "late": settled_late(self.deadline, effective)})

    def reminders_due(self, today: date, settings: ReminderSettings = DEFAULTS
                      ) -> list[Reminder]:
        """The reminders of its deadline that are due by ``today`` and not yet recorded."""
        end = (self.deadline or {}).get("end")
        if self.status not in UNSETTLED or not end:
            return []
        recorded = recorded_keys(self.reminders)
        return [reminder for reminder in commitment_reminders(date.fromisoformat(end), today,
                                                              settings)
                if reminder.key not in recorded]

    @property
    def reminders(self) -> list[dict]:
        return self.__dict__.get("reminders", [])  # absent on commitments from before

    def remind(self, actor: Actor, today: date, settings: ReminderSettings = DEFAULTS) -> int:
        """Record each reminder due by ``today`` (the system's task); how many were due."""
        if actor.role != "system":
            raise NotPermitted("reminders are recorded by the system only")
        reminders = self.reminders_due(today, settings)
        for reminder in reminders:
            record = self._due_soon if reminder.kind == DUE_SOON else self._overdue
            record(actor.to_dict(), self.ministry, self.owners(), reminder.deadline.isoformat(),
                   reminder.remind_on.isoformat())
        return len(reminders)

    @event(DUE_SOON, topic=_topic(DUE_SOON))
    def _due_soon(self, actor: dict, ministry: str, owners: list, due: str,
                  remind_on: str) -> None:
        self._reminded(DUE_SOON, due, remind_on)

    @event(COMMITMENT_OVERDUE, topic=_topic(COMMITMENT_OVERDUE))
    def _overdue(self, actor: dict, ministry: str, owners: list, due: str,
                 remind_on: str) -> None:
        self._reminded(COMMITMENT_OVERDUE, due, remind_on)

    def _reminded(self, kind: str, due: str, remind_on: str) -> None:
        self.__dict__["reminders"] = [*self.reminders, {
            "kind": kind, "deadline": due, "remind_on": remind_on,
            "at": self.modified_on.isoformat()}]

    def _check_unsettled(self, what: str) -> None:
        if self.status not in UNSETTLED:
            raise IllegalTransition(f"{what} on commitment {self.id}", f"it is {self.status}")

    def describe(self) -> str:
        return f"commitment {self.id}"

    @event("CoOwnerAdded", topic=_topic("CoOwnerAdded"))
    def _co_owner_added(self, actor: dict, organisation: str) -> None:
        self._add_co_owner(organisation)
