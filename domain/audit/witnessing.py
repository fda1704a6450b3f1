"""Asking witnesses to cosign: the tlog-witness ``add-checkpoint`` request, and keeping the
cosignatures that verify against the witness keys this ledger is configured with.

A request body is ``old <size>``, one base64 line per hash of the consistency proof from that
size, a blank line, then the signed checkpoint note (c2sp.org/tlog-witness). A witness that
saw a different size answers 409 with its size; the signer asks again from there.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from domain.audit.checkpoint import Checkpoint
from domain.audit.note import (
    COSIGNATURE,
    MalformedNote,
    Note,
    Signature,
    b64,
    cosignature_time,
    note_key_id,
)
from domain.audit.signing import Verifier

log = logging.getLogger("notaledger.witnesses")


@dataclass(frozen=True)
class WitnessKey:
    """A witness this ledger trusts: its name and Ed25519 public key."""

    name: str
    verifier: Verifier

    @property
    def key_id(self) -> bytes:
        return note_key_id(self.name, COSIGNATURE, self.verifier.public_key)


def valid_cosignatures(text: str, signatures: Iterable[Signature],
                       witnesses: Iterable[WitnessKey]) -> list[Signature]:
    """The cosignatures of ``text`` by these witnesses that verify (a failing one of a known
    witness is an error, as the signed-note spec asks)."""
    kept = []
    for witness in witnesses:
        for signature in signatures:
            if not signature.by(witness.name, witness.key_id):
                continue
            if cosignature_time(text, signature, witness.name, witness.verifier) is None:
                raise MalformedNote(f"the cosignature of witness {witness.name} does not verify")
            kept.append(signature)
    return kept


def add_checkpoint_body(old: int, proof: list[bytes], note: Note) -> str:
    """The body of a tlog-witness add-checkpoint request."""
    return f"old {old}\n" + "".join(f"{b64(step)}\n" for step in proof) + "\n" + str(note)


class WitnessClient(ABC):
    """One witness's add-checkpoint endpoint."""

    url: str

    @abstractmethod
    def add_checkpoint(self, body: str) -> tuple[int, str]:
        """POST the body; the HTTP status and the response text (status 0: unreachable)."""


Prover = Callable[[int, int], list[bytes]]
Keeper = Callable[[Checkpoint, list[Signature]], None]


class Witnesses:
    """The witnesses the signer pushes each new checkpoint to."""

    def __init__(self, clients: list[WitnessClient], keys: list[WitnessKey]) -> None:
        self._clients, self._keys = clients, keys
        self._sizes: dict[str, int] = {}  # the size each witness last cosigned, as far as known

    def collect(self, checkpoint: Checkpoint, prove: Prover, keep: Keeper,
                previous: int = 0) -> int:
        """Push the checkpoint to every witness; keep and count the cosignatures that verify."""
        kept = 0
        for client in self._clients:
            lines = self._ask(client, checkpoint, prove, previous)
            found = self._verified(checkpoint, lines, client.url)
            if found:
                keep(checkpoint, found)
                kept += len(found)
        return kept

    def _ask(self, client: WitnessClient, checkpoint: Checkpoint, prove: Prover,
             previous: int) -> str:
        old = self._sizes.get(client.url, previous)
        for _ in range(2):
            old = min(old, checkpoint.size)
            body = add_checkpoint_body(old, prove(old, checkpoint.size) if old else [],
                                       checkpoint.note())
            status, text = client.add_checkpoint(body)
            if status == 200:
                self._sizes[client.url] = checkpoint.size
                return text
            if status != 409 or not text.strip().isdigit():
                break
            old = int(text.strip())  # the witness saw another size: prove from there
        log.error("witness %s did not cosign checkpoint %s (%s events): %s %s", client.url,
                  checkpoint.number, checkpoint.size, status, text.strip()[:300])
        return ""

    def _verified(self, checkpoint: Checkpoint, lines: str, url: str) -> list[Signature]:
        try:
            signatures = [Signature.parse(line) for line in lines.splitlines() if line]
            return valid_cosignatures(checkpoint.text(), signatures, self._keys)
        except MalformedNote as error:
            log.error("witness %s answered with no valid cosignature: %s", url, error)
            return []
