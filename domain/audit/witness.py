"""A witness (c2sp.org/tlog-witness): it cosigns a log's checkpoint only when it consistently
extends the last one it cosigned, and keeps the evidence when it does not.

The witness runs apart from the ledger, with its own key and state. ``add_checkpoint`` takes
the protocol's request body and answers (status, text): 200 with the cosignature line, or
400 malformed, 403 bad signature, 404 unknown log, 409 another old size (the body is the
witness's size), 422 a proof or root that fails. A fork (another root for a size it saw), a
rollback (a smaller size than it cosigned), a bad log signature and a failing proof raise an
alarm: the conflicting checkpoint is kept as evidence beside the one it contradicts.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from domain.audit.merkle import EMPTY_ROOT, verify_consistency
from domain.audit.note import (
    CheckpointText,
    MalformedNote,
    Note,
    Signature,
    cosign,
    unb64,
    verify_note,
)
from domain.audit.signing import Signer, Verifier

MAX_PROOF = 63


@dataclass(frozen=True)
class Seen:
    """A checkpoint the witness cosigned: its note and its cosignature line."""

    note: str
    cosignature: str

    @property
    def checkpoint(self) -> CheckpointText:
        return CheckpointText.parse(Note.parse(self.note).text)


@dataclass(frozen=True)
class Alarm:
    """Evidence of a log misbehaving: what it sent, beside what the witness had seen."""

    kind: str  # fork, rollback, bad signature, bad proof
    detail: str
    submitted: str
    latest: str | None


class WitnessState(ABC):
    """The witness's own append-only record of what it cosigned and what it refused."""

    @abstractmethod
    def latest(self) -> Seen | None:
        """The last checkpoint cosigned."""

    @abstractmethod
    def cosigned(self, seen: Seen) -> None:
        """Append a cosigned checkpoint, durably, before the cosignature is handed out."""

    @abstractmethod
    def alarmed(self, alarm: Alarm) -> None:
        """Append evidence of misbehaviour."""


class Refused(Exception):
    """The witness does not cosign; ``status`` is the protocol's answer."""

    def __init__(self, status: int, answer: str, alarm: str | None = None,
                 detail: str | None = None) -> None:
        super().__init__(detail or answer)
        self.status, self.answer, self.alarm = status, answer, alarm
        self.detail = detail or answer


@dataclass(frozen=True)
class Request:
    old: int
    proof: list[bytes]
    note: Note
    body: CheckpointText
    text: str


def parse_request(text: str) -> Request:
    """An add-checkpoint body: ``old N``, proof lines, a blank line, the checkpoint note."""
    head, blank, note = text.partition("\n\n")
    lines = head.split("\n")
    if not blank or not lines[0].startswith("old "):
        raise Refused(400, "the body is not 'old N', proof lines, a blank line, a checkpoint")
    size = lines[0][4:]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise Refused(400, f"old size {size!r} is not a decimal number")
    if len(lines) - 1 > MAX_PROOF:
        raise Refused(400, f"more than {MAX_PROOF} consistency proof lines")
    try:
        proof = [unb64(line, "a consistency proof line") for line in lines[1:]]
        parsed = Note.parse(note)
        body = CheckpointText.parse(parsed.text)
    except MalformedNote as error:
        raise Refused(400, str(error)) from None
    if any(len(step) != 32 for step in proof):
        raise Refused(400, "a consistency proof line is not a 32-byte hash")
    return Request(int(size), proof, parsed, body, note)


class Witness:
    """Cosigns one log's checkpoints (origin and public key) with the witness's own key."""

    def __init__(self, name: str, signer: Signer, origin: str, log_key: Verifier,
                 state: WitnessState, clock: Callable[[], float] = time.time,
                 alert: Callable[[Alarm], None] = lambda alarm: None) -> None:
        self.name, self._signer, self.origin, self._log_key = name, signer, origin, log_key
        self._state, self._clock, self._alert = state, clock, alert
        self._lock = threading.Lock()  # check the old size and record the new one at once

    def add_checkpoint(self, text: str) -> tuple[int, str]:
        """The protocol's answer to one add-checkpoint body."""
        try:
            request = parse_request(text)
            with self._lock:
                return 200, self._cosign(request).line()
        except Refused as refusal:
            if refusal.alarm:
                self._raise_alarm(refusal, text)
            return refusal.status, refusal.answer + "\n"

    def _cosign(self, request: Request) -> Signature:
        body = request.body
        if body.origin != self.origin:
            raise Refused(404, f"unknown log {body.origin!r}")
        if not verify_note(request.note, self.origin, self._log_key):
            raise Refused(403, "the checkpoint carries no valid signature of the log's key",
                          alarm="bad signature")
        if request.old > body.size:
            raise Refused(400, f"old size {request.old} is larger than the checkpoint's "
                               f"{body.size}")
        latest = self._state.latest()
        seen = latest.checkpoint if latest else CheckpointText(self.origin, 0, EMPTY_ROOT)
        self._check_against(seen, body)
        if request.old != seen.size:
            raise Refused(409, str(seen.size))
        self._check_proof(request, seen)
        signature = cosign(request.note.text, self.name, self._signer, int(self._clock()))
        self._state.cosigned(Seen(str(Note(request.note.text, request.note.signatures)),
                                  signature.line()))
        return signature

    @staticmethod
    def _check_against(seen: CheckpointText, body: CheckpointText) -> None:
        if body.size < seen.size:
            raise Refused(409, str(seen.size), alarm="rollback", detail=(
                f"a checkpoint of {body.size} events, fewer than the {seen.size} cosigned"))
        if body.size == seen.size and body.root != seen.root:
            raise Refused(409, str(seen.size), alarm="fork", detail=(
                f"a second root for {body.size} events, which were cosigned with another"))
        if body.size == 0 and body.root != EMPTY_ROOT:
            raise Refused(422, "a checkpoint of size 0 must have the empty tree's root")

    @staticmethod
    def _check_proof(request: Request, seen: CheckpointText) -> None:
        body = request.body
        if request.old == 0:
            if request.proof:
                raise Refused(422, "a proof from size 0 must be empty")
            return
        if not verify_consistency(request.old, body.size, seen.root, body.root, request.proof):
            raise Refused(422, f"the consistency proof from {request.old} to {body.size} "
                               "events does not verify", alarm="fork")

    def _raise_alarm(self, refusal: Refused, text: str) -> None:
        latest = self._state.latest()
        alarm = Alarm(refusal.alarm or "", refusal.detail, text,
                      latest.note if latest else None)
        self._state.alarmed(alarm)
        self._alert(alarm)
