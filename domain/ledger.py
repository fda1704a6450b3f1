"""The application service: one method per use case, persistence chosen by environment."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError
from eventsourcing.utils import resolve_topic

from domain.actor import Actor
from domain.audit.chains import ChainVerifier, Report, verify_records
from domain.commitment import Commitment
from domain.effective import Effective
from domain.errors import (
    ConcurrencyConflict,
    DuplicateReference,
    NotFound,
    OutcomeUnknown,
    Receipt,
    StaleVersion,
    WriteInterrupted,
)
from domain.importing import (
    NOTA_DATE,
    Imported,
    NoteImport,
    build_commitment,
    build_motion,
    build_note,
    on,
    relation,
)
from domain.motion import EXECUTABLE, Motion
from domain.note import Note, note_id
from domain.organisations import MINISTRIES
from domain.positions import LogPositions, ScannedPositions
from domain.recorded import Linked, Recorded, recorded
from domain.reminders import DEFAULTS, SYSTEM, ReminderSettings
from domain.snapshots import SnapshotRepository
from domain.state import aggregate_state
from domain.turns import Turns

RETRIES = 8
BACK_OFF = 0.001  # seconds, doubled with each attempt (at most 0.128 s before the last)


@dataclass(frozen=True)
class Saved:
    """What a command returns: the aggregate, its new version, the log position."""

    id: UUID
    version: int
    position: int | None


class Ledger(Application):
    """The nota ledger's use cases."""

    name = "notaledger"
    snapshotting_intervals: ClassVar = {Note: 100, Commitment: 100, Motion: 100}
    reminder_settings: ReminderSettings = DEFAULTS  # the bootstrap sets an installation's

    # --- notes: drafting ------------------------------------------------------------

    def draft_note(self, actor: Actor, **fields: Any) -> Saved:
        note = Note.draft(actor, **fields)
        return self._create(actor, note, f"a note with reference {note.reference} already exists")

    def revise_title(self, note: UUID, actor: Actor, title: str,
                     expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.revise_title(actor, title))

    def revise_section(self, note: UUID, actor: Actor, name: str, text: str,
                       expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.revise_section(actor, name, text))

    def set_publicity(self, note: UUID, actor: Actor, actively_public: bool,
                      expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.set_publicity(actor, actively_public))

    def add_advised_decision(self, note: UUID, actor: Actor, text: str,
                             expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.add_advised_decision(actor, text))

    def revise_advised_decision(self, note: UUID, actor: Actor, number: int, text: str,
                                expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.revise_advised_decision(actor, number, text))

    def remove_advised_decision(self, note: UUID, actor: Actor, number: int,
                                expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.remove_advised_decision(actor, number))

    def add_attachment(self, note: UUID, actor: Actor, number: int, name: str,
                       information: str = "", expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.add_attachment(actor, number, name, information))

    def remove_attachment(self, note: UUID, actor: Actor, number: int,
                          expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.remove_attachment(actor, number))

    # --- notes: route, consultation, decision -------------------------------------------

    def set_paraph_route(self, note: UUID, actor: Actor, steps: list[dict],
                         expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.set_paraph_route(actor, steps))

    def start_review(self, note: UUID, actor: Actor,
                     expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.start_review(actor))

    def initial(self, note: UUID, actor: Actor, step: int,
                expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.initial(actor, step))

    def refuse_initial(self, note: UUID, actor: Actor, step: int, reason: str,
                       expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.refuse_initial(actor, step, reason))

    def request_consultation(self, note: UUID, actor: Actor, organisation: str, role: str,
                             reply_by: str | None = None,
                             expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.request_consultation(
            actor, organisation, role, reply_by, self.reminder_settings))

    def answer_consultation(self, note: UUID, actor: Actor, organisation: str, outcome: str,
                            remarks: str = "", expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.answer_consultation(actor, organisation, outcome, remarks))

    def withdraw_consultation(self, note: UUID, actor: Actor, organisation: str,
                              expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.withdraw_consultation(actor, organisation))

    def submit_note(self, note: UUID, actor: Actor, expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.submit(actor))

    def record_outcome(self, note: UUID, actor: Actor, number: int, outcome: str,
                       remarks: str = "", expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.record_outcome(actor, number, outcome, remarks))

    def annotate(self, note: UUID, actor: Actor, text: str,
                 expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.annotate(actor, text))

    def decide_note(self, note: UUID, actor: Actor, expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.decide(actor))

    def return_note(self, note: UUID, actor: Actor, reason: str,
                    expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.return_to_draft(actor, reason))

    def withdraw_note(self, note: UUID, actor: Actor, reason: str,
                      expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.withdraw(actor, reason))

    # --- notes: letter, links, publication ------------------------------------------------

    def add_co_sender(self, note: UUID, actor: Actor, co_sender: str,
                      expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.add_co_sender(actor, co_sender))

    def remove_co_sender(self, note: UUID, actor: Actor, co_sender: str,
                         expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.remove_co_sender(actor, co_sender))

    def plan_letter(self, note: UUID, actor: Actor, planned: str,
                    expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.plan_letter(actor, planned))

    def sign_letter(self, note: UUID, actor: Actor, expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.sign_letter(actor))

    def send_letter(self, note: UUID, actor: Actor, chamber: str,
                    expected_version: int | None = None) -> Saved:
        """Send the letter and, in the same save, settle every linked commitment and motion."""

        def send(n: Note) -> list:
            n.send_letter(actor, chamber)
            settled = []
            for commitment in self._linked(n.commitment_ids, Commitment, n.ministry):
                if commitment.settle_by_letter(actor, n.id, n.reference, chamber,
                                               n.relation_to(commitment.id)):
                    settled.append(commitment)
            for motion in self._linked(n.motion_ids, Motion, n.ministry):
                if motion.status in EXECUTABLE:
                    motion.report_execution(actor, n.id, n.reference, chamber)
                    settled.append(motion)
            return settled

        return self._change_together(actor, note, expected_version, send)

    def register_letter(self, note: UUID, actor: Actor, parliament_number: str,
                        expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version,
                            lambda n: n.register_letter(actor, parliament_number))

    def link_commitment(self, note: UUID, actor: Actor, commitment: UUID,
                        relation: str = "fulfils",
                        expected_version: int | None = None) -> Saved:
        def link(n: Note) -> list:
            other = self._get(commitment, Commitment, "commitment")
            other.check_owned_by(n.ministry, f"link it to note {n.reference}")
            n.link_commitment(actor, other.id, relation)
            other.link_note(actor, n.id, n.reference, relation)
            return [other]

        return self._change_together(actor, note, expected_version, link)

    def link_motion(self, note: UUID, actor: Actor, motion: UUID,
                    expected_version: int | None = None) -> Saved:
        def link(n: Note) -> list:
            other = self._get(motion, Motion, "motion")
            other.check_owned_by(n.ministry, f"link it to note {n.reference}")
            n.link_motion(actor, other.id)
            other.link_note(actor, n.id, n.reference)
            return [other]

        return self._change_together(actor, note, expected_version, link)

    def publish_note(self, note: UUID, actor: Actor, expected_version: int | None = None) -> Saved:
        return self._change(actor, note, expected_version, lambda n: n.publish(actor))

    # --- commitments ----------------------------------------------------------------------

    def register_commitment(self, actor: Actor, **fields: Any) -> Saved:
        commitment = Commitment.register(actor, **fields)
        return self._create(actor, commitment, "this commitment is already registered")

    def change_commitment_deadline(self, commitment: UUID, actor: Actor, deadline: str,
                                   reason: str, expected_version: int | None = None) -> Saved:
        return self._change(actor, commitment, expected_version,
                            lambda c: c.change_deadline(actor, deadline, reason), Commitment)

    def fulfil_commitment_partially(self, commitment: UUID, actor: Actor, remarks: str,
                                    reference: str = "",
                                    expected_version: int | None = None) -> Saved:
        return self._change(actor, commitment, expected_version,
                            lambda c: c.fulfil_partially(actor, remarks, reference), Commitment)

    def lapse_commitment(self, commitment: UUID, actor: Actor, reason: str,
                         expected_version: int | None = None) -> Saved:
        return self._change(actor, commitment, expected_version, lambda c: c.lapse(actor, reason),
                            Commitment)

    def set_commitment_status(self, commitment: UUID, actor: Actor, status: str, reason: str,
                              expected_version: int | None = None) -> Saved:
        return self._change(actor, commitment, expected_version,
                            lambda c: c.set_status(actor, status, reason), Commitment)

    def add_commitment_co_owner(self, commitment: UUID, actor: Actor, organisation: str,
                                expected_version: int | None = None) -> Saved:
        return self._change(actor, commitment, expected_version,
                            lambda c: c.add_co_owner(actor, organisation), Commitment)

    # --- motions --------------------------------------------------------------------------

    def submit_motion(self, actor: Actor, **fields: Any) -> Saved:
        motion = Motion.submit(actor, **fields)
        return self._create(actor, motion, f"motion {motion.label} is already registered")

    def appraise_motion(self, motion: UUID, actor: Actor, appraisal: str, remarks: str = "",
                        expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version,
                            lambda m: m.appraise(actor, appraisal, remarks), Motion)

    def hold_motion(self, motion: UUID, actor: Actor,
                    expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version, lambda m: m.hold(actor), Motion)

    def resubmit_motion(self, motion: UUID, actor: Actor,
                        expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version, lambda m: m.resubmit(actor), Motion)

    def take_over_motion(self, motion: UUID, actor: Actor, by: str,
                         expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version,
                            lambda m: m.take_over(actor, by), Motion)

    def record_motion_vote(self, motion: UUID, actor: Actor, adopted: bool,
                           vote_date: str | None = None,
                           expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version,
                            lambda m: m.record_vote(actor, adopted, vote_date), Motion)

    def withdraw_motion(self, motion: UUID, actor: Actor,
                        expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version, lambda m: m.withdraw(actor), Motion)

    def add_motion_co_owner(self, motion: UUID, actor: Actor, organisation: str,
                            expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version,
                            lambda m: m.add_co_owner(actor, organisation), Motion)

    def lapse_motion(self, motion: UUID, actor: Actor,
                     expected_version: int | None = None) -> Saved:
        return self._change(actor, motion, expected_version, lambda m: m.lapse(actor), Motion)

    # --- importing a document ----------------------------------------------------------------

    def import_note(self, actor: Actor, imported: NoteImport) -> Imported:
        """Record a nota read from its text, all or nothing; the same text twice records once."""
        existing = self._find(note_id(imported.ministry, imported.reference), Note)
        if existing is not None:
            return self._reimport(existing, imported)
        note = build_note(actor, imported)
        commitments = [build_commitment(actor, fields) for fields in imported.commitments]
        relations = {c.id: relation(fields)
                     for c, fields in zip(commitments, imported.commitments, strict=True)}
        others, refused = _owned_by(actor.organisation, self._registered_or_new(
            commitments + [build_motion(actor, fields) for fields in imported.motions]))
        linking = on(actor, imported.date, NOTA_DATE)
        for other in others:
            if isinstance(other, Commitment):
                note.link_commitment(linking, other.id, relations[other.id])
                other.link_note(linking, note.id, note.reference, relations[other.id])
            else:
                note.link_motion(linking, other.id)
                other.link_note(linking, note.id, note.reference)
        events = len(note.pending_events) + sum(len(o.pending_events) for o in others)
        try:
            self.save(note, *others)
        except IntegrityError:
            raise ConcurrencyConflict(f"note {imported.reference} or one of its commitments "
                                      "or motions was recorded meanwhile; import again") from None
        return Imported(note.id, "recorded", note.version, events,
                        [o.id for o in others if isinstance(o, Commitment)],
                        [o.id for o in others if isinstance(o, Motion)], refused)

    @staticmethod
    def _reimport(existing: Note, imported: NoteImport) -> Imported:
        if existing.source and existing.source["sha256"] == imported.source_sha256:
            return Imported(existing.id, "unchanged", existing.version)
        known = (f"was imported from another text (sha256 {existing.source['sha256'][:12]}…)"
                 if existing.source else "was recorded in the ledger, not imported")
        raise DuplicateReference(
            f"note {imported.reference} already exists and {known}; this text (sha256 "
            f"{imported.source_sha256[:12]}…) differs, so nothing was imported: record the "
            "changes as commands on the note")

    # --- queries: plain data, never aggregates ----------------------------------------------

    def note_id(self, reference: str, organisation: str | None = None) -> UUID:
        """The id of an organisation's note with this reference (whether or not it exists);
        without an organisation, the one stored note of any ministry with it."""
        if organisation is not None:
            return note_id(organisation, reference)
        found = self.notes_with_reference(reference)
        if len(found) > 1:
            owners = ", ".join(f"{owner} ({i})" for owner, i in found)
            raise DuplicateReference(f"several notes have reference {reference}: {owners}; "
                                     "name the organisation or the id")
        if not found:
            raise NotFound(f"no note {reference}")
        return found[0][1]

    def notes_with_reference(self, reference: str,
                             organisations: Iterable[str] = MINISTRIES) -> list[tuple]:
        """(owner, id) of each stored note with this reference among these organisations."""
        candidates = [(org, note_id(org, reference)) for org in organisations]
        return [(org, i) for org, i in candidates if self.recorder.select_events(i, limit=1)]

    def note(self, note: UUID, version: int | None = None, as_of: datetime | None = None,
             effective_at: datetime | None = None) -> dict:
        """A note's state, now, at a version, as the ledger knew it ``as_of`` a moment, or
        as things stood ``effective_at`` a moment (as known now, or as of ``as_of``)."""
        return self._state(note, Note, "note", version, as_of, effective_at)

    def commitment(self, commitment: UUID, version: int | None = None,
                   as_of: datetime | None = None, effective_at: datetime | None = None,
                   known: int | None = None) -> dict:
        """A commitment's state, read as ``note`` reads one; ``known``: the last version
        known at the moment a note's version was saved (``recorded``), whatever its time."""
        return self._state(commitment, Commitment, "commitment", version, as_of, effective_at,
                           known)

    def motion(self, motion: UUID, version: int | None = None, as_of: datetime | None = None,
               effective_at: datetime | None = None, known: int | None = None) -> dict:
        return self._state(motion, Motion, "motion", version, as_of, effective_at, known)

    def recorded(self, note: UUID, version: int) -> Recorded:
        """What the ledger knew once a note's version was saved: its log position, and the
        version each commitment and motion it links had then (domain/recorded.py)."""
        events = list(self.events.get(note))
        if not 0 < version <= len(events):
            raise NotFound(f"note {note} has no version {version}")
        state = self.note(note, version=version)
        linked = {aggregate: Linked(list(self.events.get(UUID(aggregate))),
                                    self.positions.of(UUID(aggregate)))
                  for aggregate in state["commitment_ids"] + state["motion_ids"]}
        return recorded(str(note), events, self.positions.of(note), version, linked)

    def history(self, aggregate: UUID) -> list[dict]:
        """Every event of one aggregate, decoded, in order."""
        return [{"version": e.originator_version, "type": type(e).__name__,
                 **{k: v for k, v in vars(e).items() if k not in ("originator_id",
                                                                  "originator_version")}}
                for e in self.events.get(aggregate)]

    def verify(self, aggregate: UUID | None = None, batch: int = 2000) -> Report:
        """Check the hash chains from the raw stored records (one aggregate, or the whole log)."""
        if aggregate is not None:
            return verify_records(self.recorder.select_events(aggregate))
        verifier = ChainVerifier()
        start = None
        while notifications := self.recorder.select_notifications(
                start, batch, inclusive_of_start=start is None):
            for record in notifications:
                verifier.check(record.originator_id, record.originator_version, record.topic,
                               record.state)
            start = notifications[-1].id
        return verifier.report

    # --- reminders ---------------------------------------------------------------------

    def remind(self, aggregate_id: UUID, today: date) -> Saved | None:
        """Record the reminders a note or commitment has due by ``today``, in one save at
        the version it was read at: when another scheduler recorded them first, the save
        conflicts and nothing is recorded twice (None: nothing was due, or it was lost).
        It takes its turn with this process's commands on the aggregate."""
        with self._turns.of(aggregate_id):
            try:
                aggregate = self.repository.get(aggregate_id)
            except AggregateNotFoundError:
                return None
            if not isinstance(aggregate, Note | Commitment):
                return None
            if not aggregate.remind(SYSTEM, today, self.reminder_settings):
                return None
            try:
                recordings = self._save(aggregate)
            except IntegrityError:
                return None  # someone else wrote first; the next pass reads it again
            return self._saved(aggregate, recordings)

    # --- the machinery ---------------------------------------------------------------------

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turns = Turns()
        self.positions = self._positions()

    def _positions(self) -> LogPositions:
        """The store's reader of log positions (``LOG_POSITIONS``, a topic as the
        persistence module is one), else a scan of the log through the recorder."""
        topic = self.env.get("LOG_POSITIONS")
        return resolve_topic(topic)(self.recorder) if topic else ScannedPositions(self.recorder)

    def construct_repository(self) -> SnapshotRepository:
        """The library's repository, its cache holding immutable snapshots (no deep copy)."""
        size = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return SnapshotRepository(self.events, snapshot_store=self.snapshots,
                                  cache_maxsize=int(size) if size else None)

    def save(self, *objs: Any, **kwargs: Any) -> list:
        """The library's save, its events collected without asking each of our aggregates
        whether it satisfies the library's runtime protocols (an ``isinstance`` against a
        runtime Protocol walks its members: about 12 µs an aggregate, per command)."""
        processing = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, Aggregate):
                processing.events.extend(obj.collect_events())
                processing.aggregates[obj.id] = obj
            elif obj is not None:
                processing.collect_events(obj)
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        self.notify(processing.events)  # the library's deprecated hook, as its save calls it
        return recordings


    def _create(self, actor: Actor, aggregate: Any, duplicate: str) -> Saved:
        try:
            recordings = self._save(aggregate)
        except IntegrityError:
            if self._landed(aggregate):
                return self._recognised(aggregate.id, aggregate.version)
            if actor.request:  # the same request, retried: answer as the first time
                done = self._answered(aggregate.id, actor.request)
                if done is not None:
                    return self._recognised(aggregate.id, done)
            raise DuplicateReference(duplicate) from None
        return self._saved(aggregate, recordings)

    def _saved(self, aggregate: Any, recordings: list | None) -> Saved:
        """The answer to a save: its highest log position, or, when only its landing was
        confirmed (the connection failed after the write), the position read back."""
        position = _position(recordings)
        if position is None:
            return self._recognised(aggregate.id, aggregate.version)
        return Saved(aggregate.id, aggregate.version, position)

    def _recognised(self, aggregate_id: UUID, version: int) -> Saved:
        """The answer to a save found already recorded (a retry of the same request, or a
        write whose landing was confirmed): its position read back from the log, so that
        the caller can still ask to read its own write (None if the store cannot say)."""
        try:
            position = self.positions.of(aggregate_id).get(version)
        except (OperationalError, InterfaceError):
            position = None
        return Saved(aggregate_id, version, position)

    def _answered(self, aggregate_id: UUID, request: str) -> int | None:
        """The version a stored aggregate's recent request left it at, if it has one."""
        try:
            return self.repository.get(aggregate_id).answered(request)
        except AggregateNotFoundError:
            return None

    def _change(self, actor: Actor, aggregate_id: UUID, expected_version: int | None,
                command: Callable[[Any], Any], kind: type = Note) -> Saved:
        """Load, run the command on the aggregate alone, save (see ``_change_together``)."""

        def alone(aggregate: Any) -> tuple:
            command(aggregate)
            return ()

        return self._change_together(actor, aggregate_id, expected_version, alone, kind)

    def _change_together(self, actor: Actor, aggregate_id: UUID, expected_version: int | None,
                         command: Callable[[Any], Sequence[Any]], kind: type = Note) -> Saved:
        """Load, run a command that returns the other aggregates it changed, and save them
        all in one atomic save; reload and retry on a race unless a version was given.

        A request the aggregate has already recorded (a retry) is answered with the
        version it left, without running the command again. Commands of this process on
        the same aggregate take turns (domain/turns.py)."""
        with self._turns.of(aggregate_id):
            return self._attempts(actor, aggregate_id, expected_version, command, kind)

    def _attempts(self, actor: Actor, aggregate_id: UUID, expected_version: int | None,
                  command: Callable[[Any], Sequence[Any]], kind: type) -> Saved:
        label = kind.__name__.lower()
        for attempt in range(RETRIES):
            aggregate = self._get(aggregate_id, kind, label)
            if actor.request and (done := aggregate.answered(actor.request)) is not None:
                return self._recognised(aggregate.id, done)
            if expected_version is not None and aggregate.version != expected_version:
                raise StaleVersion(f"{label} is at version {aggregate.version}, "
                                   f"not {expected_version}")
            others = command(aggregate)
            try:
                recordings = self._save(aggregate, *others)
            except IntegrityError:
                if self._landed(aggregate):
                    return self._recognised(aggregate.id, aggregate.version)
                if expected_version is not None:
                    raise StaleVersion(f"{label} was changed by someone else; "
                                       "reload and try again") from None
                _back_off(attempt)
                continue
            return self._saved(aggregate, recordings)
        raise ConcurrencyConflict(f"{label} {aggregate_id} kept changing under "
                                  f"{RETRIES} attempts; try again")

    def _save(self, *aggregates: Any) -> Any:
        """Save; when the connection fails after the write was sent, ask the store whether
        it landed, and when the store cannot be asked, say that the outcome is unknown."""
        try:
            return self.save(*aggregates)
        except WriteInterrupted as error:
            head = aggregates[0]
            try:
                landed = self._landed(head)
            except (OperationalError, InterfaceError):
                raise OutcomeUnknown(Receipt(head.id, head.version, head.chain_head)) \
                    from error
            if not landed:
                raise
            return None

    def landed(self, receipt: Receipt) -> bool:
        """Whether the save a receipt describes is stored (see OutcomeUnknown)."""
        stored = list(self.events.get(receipt.aggregate_id, gt=receipt.version - 1,
                                      lte=receipt.version))
        return bool(stored) and stored[-1].hash == receipt.head

    def _landed(self, aggregate: Any) -> bool:
        """Whether this very save is stored after all, though its answer was lost. The chain
        hash of the new head covers the event's time, so it tells our event from anyone's."""
        return self.landed(Receipt(aggregate.id, aggregate.version, aggregate.chain_head))

    def _get(self, aggregate_id: UUID, kind: type, label: str,
             version: int | None = None) -> Any:
        try:
            aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"no {label} {aggregate_id}") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no {label} {aggregate_id}")
        return aggregate

    def _registered_or_new(self, fresh: list) -> list:
        """Each distinct commitment or motion once: the stored one if it exists."""
        unique: dict = {}
        for aggregate in fresh:
            unique.setdefault(aggregate.id, aggregate)
        return [self._find(i, type(a)) or a for i, a in unique.items()]

    def _find(self, aggregate_id: UUID, kind: type) -> Any | None:
        try:
            return self._get(aggregate_id, kind, kind.__name__.lower())
        except NotFound:
            return None

    def _linked(self, ids: list[str], kind: type, owner: str) -> list:
        """The linked aggregates a letter of ``owner``'s note may settle: those it owns or
        co-owns (a link made before ownership was checked settles nothing else)."""
        linked = [self._get(UUID(i), kind, kind.__name__.lower()) for i in ids]
        return [aggregate for aggregate in linked if aggregate.owned_by(owner)]

    def _state(self, aggregate_id: UUID, kind: type, label: str, version: int | None,
               as_of: datetime | None, effective_at: datetime | None = None,
               known: int | None = None) -> dict:
        if as_of is not None or effective_at is not None or known is not None:
            version = self._version_at(aggregate_id, as_of, effective_at, label, known)
        return aggregate_state(self._get(aggregate_id, kind, label, version))

    def _version_at(self, aggregate_id: UUID, as_of: datetime | None,
                    effective_at: datetime | None, label: str, known: int | None = None) -> int:
        """The last version of the events recorded by ``as_of`` (or known up to version
        ``known``) that had all certainly happened by ``effective_at`` (a chain is read in
        order, so it stops at the first event that had not)."""
        version = None
        for stored in self.events.get(aggregate_id):
            if not _known(stored, as_of, known):
                break
            if effective_at is not None and not Effective.parse(
                    stored.effective).certainly_by(effective_at):
                break
            version = stored.originator_version
        if version is None:
            moment = (f"effective at {effective_at.isoformat()}" if effective_at is not None
                      else f"as of {as_of.isoformat()}" if as_of is not None
                      else f"at the version's position in the log (version {known})")
            raise NotFound(f"no {label} {aggregate_id} existed {moment}")
        return version


def _known(stored: Any, as_of: datetime | None, known: int | None) -> bool:
    """Whether a replay knows this event: recorded by ``as_of``, or within ``known``."""
    if known is not None and stored.originator_version <= known:
        return True
    if as_of is None:
        return known is None
    return stored.timestamp <= as_of


def _back_off(attempt: int) -> None:
    """A short random pause before another attempt, growing with each: writers of other
    processes that keep colliding on one aggregate fall out of step."""
    time.sleep(random.uniform(0, BACK_OFF * 2 ** attempt))  # noqa: S311 - not a secret


def _owned_by(organisation: str, aggregates: list) -> tuple[list, list[str]]:
    """The commitments and motions an import may link, and a warning for each other one:
    an import never writes into another organisation's commitments or motions."""
    kept, refused = [], []
    for aggregate in aggregates:
        if aggregate.owned_by(organisation):
            kept.append(aggregate)
        else:
            refused.append(f"{aggregate.describe()} belongs to {', '.join(aggregate.owners())}"
                           f"; not linked (only its owners link it)")
    return kept, refused


def _position(recordings: list | None) -> int | None:
    """The highest log position of a save (None when only its landing was confirmed)."""
    return max((r.notification.id for r in recordings or ()), default=None)
