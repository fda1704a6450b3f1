"""Recording a nota read from a document: every element as events, in one atomic save."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from uuid import UUID

from domain.actor import Actor
from domain.commitment import Commitment
from domain.errors import InvalidInput
from domain.motion import Motion
from domain.note import Note

MAX_BYTES = 2 * 1024 * 1024  # real notas are tens of kB; parsing time grows with size


class ImportRefused(InvalidInput):
    """The input cannot be imported as a nota; the message says why, for a human."""

    def __init__(self, message: str, reason: str = "refused") -> None:
        super().__init__(message)
        self.reason = reason  # a stable code: empty, too_large, binary, not_a_nota, no_reference



MOTION_STATES = {
    "held": lambda m, actor, by: m.hold(actor),
    "taken_over": lambda m, actor, by: m.take_over(actor, by or "het kabinet"),
    "adopted": lambda m, actor, by: m.record_vote(actor, adopted=True),
    "rejected": lambda m, actor, by: m.record_vote(actor, adopted=False),
    "withdrawn": lambda m, actor, by: m.withdraw(actor),
    "lapsed": lambda m, actor, by: m.lapse(actor),
}


@dataclass(frozen=True)
class NoteImport:
    """A nota as read from its text, in the domain's own terms."""

    reference: str
    title: str
    kind: str
    date: str
    from_unit: str
    to_official: str
    ministry: str
    actively_public: bool
    source_sha256: str
    source_name: str
    drafted_by: tuple[str, ...] = ()
    collaborating: tuple[str, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()
    advised: tuple[str, ...] = ()
    attachments: tuple[tuple[int, str, str], ...] = ()
    consulted: tuple[str, ...] = ()
    co_senders: tuple[str, ...] = ()
    commitments: tuple[dict, ...] = ()
    motions: tuple[dict, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass
class Imported:
    """What an import recorded (or that it recorded nothing, the text being known)."""

    note_id: UUID
    status: str
    version: int = 0
    events: int = 0
    commitments: list[UUID] = field(default_factory=list)
    motions: list[UUID] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


NOTA_DATE = "the nota's date, as the nota states it"
DEBATE_DATE = "the debate's date, as the nota states it"


def on(actor: Actor, day: str | None, reason: str) -> Actor:
    """The importer acting on a date the nota gives; a date not yet reached is left out
    (the event is then effective when recorded)."""
    if not day or date.fromisoformat(day) > datetime.now(UTC).date():
        return actor
    return actor.at(day, reason)


def build_note(actor: Actor, imported: NoteImport) -> Note:
    """The note with its text, items, consultations and co-senders (not yet saved), each
    event effective on the nota's date."""
    actor = on(actor, imported.date, NOTA_DATE)
    note = Note.draft(actor, reference=imported.reference, title=imported.title,
                      kind=imported.kind, date=imported.date, from_unit=imported.from_unit,
                      to_official=imported.to_official, ministry=imported.ministry,
                      actively_public=imported.actively_public,
                      drafted_by=list(imported.drafted_by),
                      collaborating=list(imported.collaborating))
    note.record_source(actor, imported.source_sha256, imported.source_name,
                       list(imported.warnings))
    for name, text in imported.sections:
        note.revise_section(actor, name, text)
    for text in imported.advised:
        note.add_advised_decision(actor, text)
    for number, name, information in imported.attachments:
        note.add_attachment(actor, number, name, information)
    _consultations(note, actor, imported)
    for co_sender in imported.co_senders:
        if co_sender not in note.co_senders:
            note.add_co_sender(actor, co_sender)
    return note


def _consultations(note: Note, actor: Actor, imported: NoteImport) -> None:
    """'Afgestemd met …': each party consulted and agreed, as the document states."""
    parties = dict.fromkeys([*imported.collaborating, *imported.consulted])
    for organisation in parties:
        role = "co_responsible" if organisation in imported.collaborating else "consulted"
        note.request_consultation(actor, organisation, role)
        note.answer_consultation(actor, organisation, "agreed",
                                 "recorded from the nota's text on import")


def build_commitment(actor: Actor, fields: dict) -> Commitment:
    """A commitment as made in its debate, effective on the debate's date."""
    fields = {name: value for name, value in fields.items() if name != "relation"}
    return Commitment.register(on(actor, fields.get("debate_date"), DEBATE_DATE), **fields)


def relation(fields: dict) -> str:
    """How the nota's letter bears on a commitment it names (fulfils unless it says)."""
    return fields.get("relation") or "fulfils"


def build_motion(actor: Actor, fields: dict) -> Motion:
    """A motion as submitted, then brought to the state the document gives it, effective
    on the debate's date."""
    fields = dict(fields)
    state, by = fields.pop("state", None), fields.pop("taken_over_by", None)
    actor = on(actor, fields.get("debate_date"), DEBATE_DATE)
    motion = Motion.submit(actor, **fields)
    if state in MOTION_STATES:
        MOTION_STATES[state](motion, actor, by)
    return motion
