"""The auditors' use cases: checkpoints, proofs, bundles and verification of the whole log."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.audit.bundle import proof_bundle
from domain.audit.checkpoint import DEFAULT_ORIGIN, Checkpoint, sign_checkpoint
from domain.audit.checks import check_signed, check_trusted, verify_log, verify_one
from domain.audit.log import LogReader, RecorderReader
from domain.audit.note import CheckpointText, Note, Signature
from domain.audit.signer import (
    Remembered,
    SignerMemory,
    SignerRefused,
    check_extension,
    check_store,
)
from domain.audit.signing import Signer, Verifier
from domain.audit.store import AuditStore, Leaf
from domain.audit.tree import prove_consistency, prove_inclusion, sync_tree
from domain.audit.verify import AuditReport, Progress
from domain.audit.witnessing import WitnessKey, valid_cosignatures
from domain.errors import InvalidInput, LedgerError, NotFound

EARLIER_PROOFS = 64  # consistency proofs a bundle carries, from the latest checkpoints' sizes


class NotCheckpointed(LedgerError):
    """No signed checkpoint covers this yet."""


class NoSigningKey(LedgerError):
    """A checkpoint was asked for, but no signing key is configured."""


class Audit:
    """Checkpoints, proofs and verification over the ledger's recorder and the audit store."""

    def __init__(self, recorder: Any, store: AuditStore, signer: Signer | None = None,
                 reader: LogReader | None = None, memory: SignerMemory | None = None,
                 origin: str = DEFAULT_ORIGIN, witnesses: Sequence[WitnessKey] = ()) -> None:
        self._recorder = recorder
        self._store = store
        self._signer = signer
        self._reader = reader or RecorderReader(recorder)
        self._memory = memory
        self.origin = origin
        self.witnesses = list(witnesses)

    @property
    def parallel(self) -> bool:
        """True when verification can read and hash the log in several processes."""
        return self._reader.shareable

    # --- the tree and its checkpoints ---------------------------------------------------

    def sync(self) -> int:
        """Bring the tree up to the end of the log; returns its size."""
        return sync_tree(self._reader, self._store).size

    def checkpoint(self, now: datetime | None = None, only_if_grown: bool = False,
                   adopt: bool = False) -> Checkpoint | None:
        """Sign and store a checkpoint over the whole log (None if unchanged and so asked).

        With a memory, only an extension of the last checkpoint this signer signed is signed
        (SignerRefused otherwise); ``adopt`` takes the store's latest as remembered when the
        memory is empty (the first run of a signer over an existing store)."""
        if self._signer is None:
            raise NoSigningKey("no audit signing key is configured: set NOTALEDGER_AUDIT_KEY_FILE "
                               "or run notaledger audit keygen")
        edge = sync_tree(self._reader, self._store)
        last = self._recall(adopt)
        if last is not None:
            check_extension(self._store, last, edge)
        latest = self._store.latest_checkpoint()
        if only_if_grown and latest is not None and latest.size == edge.size:
            return None
        signed = self._store.add_checkpoint(
            sign_checkpoint(edge.size, edge.root(), self._signer, now, self.origin))
        if self._memory is not None:
            self._memory.remember(Remembered.of(signed))
        return signed

    def _recall(self, adopt: bool) -> Remembered | None:
        """What this signer signed last, checked against the store (None: no memory kept)."""
        if self._memory is None:
            return None
        verifier = self._signer.verifier()
        last = self._memory.recall()
        if last is None:
            last = self._first_memory(verifier, adopt)
        if last is None:
            return None
        found = check_store(self._store, last, verifier)
        if found != last:
            self._memory.remember(found)
        return found

    def _first_memory(self, verifier: Verifier, adopt: bool) -> Remembered | None:
        newest = max(self._store.checkpoints(), key=lambda c: c.number or 0, default=None)
        if newest is None:
            return None
        if not adopt:
            raise SignerRefused(f"the store holds {newest.number} checkpoint(s) but this signer "
                                "remembers none: its state was lost or this is another signer; "
                                "check the store, then run notaledger audit checkpoint --adopt")
        if not newest.signed_by(verifier):
            raise SignerRefused(f"checkpoint {newest.number} is not signed by this key; "
                                "it cannot be adopted")
        adopted = Remembered.of(newest)
        self._memory.remember(adopted)
        return adopted

    def checkpoints(self) -> list[Checkpoint]:
        """Every signed checkpoint, oldest first."""
        return self._store.checkpoints()

    def latest(self) -> Checkpoint | None:
        """The checkpoint over the largest tree."""
        return self._store.latest_checkpoint()

    def cosignatures(self, number: int) -> list[Signature]:
        """The witnesses' cosignatures kept for checkpoint ``number``."""
        return self._store.cosignatures(number)

    def accept_cosignatures(self, note: str) -> tuple[Checkpoint, list[Signature]]:
        """Keep the cosignatures in a submitted checkpoint note that verify against the
        configured witness keys; the checkpoint must be one this log signed."""
        parsed = Note.parse(note)
        body = CheckpointText.parse(parsed.text)
        found = next((c for c in self._store.checkpoints()
                      if (c.origin, c.size, c.root) == (body.origin, body.size, body.root.hex())),
                     None)
        if found is None:
            raise NotFound(f"no checkpoint of {body.origin} over {body.size} events with that "
                           "root")
        kept = valid_cosignatures(found.text(), parsed.signatures, self.witnesses)
        if not kept:
            raise InvalidInput("the note carries no cosignature of a configured witness "
                               "(NOTALEDGER_WITNESS_KEYS)")
        self._store.add_cosignatures(found.number or 0, kept)
        return found, kept

    def keep_cosignatures(self, checkpoint: Checkpoint, signatures: list[Signature]) -> None:
        """Keep cosignatures already verified (by the signer's witness round)."""
        self._store.add_cosignatures(checkpoint.number or 0, signatures)

    def prove(self, old: int, new: int) -> list[bytes]:
        """The consistency proof between the stored tree's sizes ``old`` and ``new``."""
        return prove_consistency(self._store, old, new)

    def signed_note(self, checkpoint: Checkpoint) -> str:
        """The checkpoint's signed note with every cosignature kept for it."""
        return str(checkpoint.note(*self._store.cosignatures(checkpoint.number or 0)))

    def consistency(self, first: int, second: int) -> dict:
        """The proof that checkpoint ``first``'s tree is a prefix of checkpoint ``second``'s."""
        older, newer = self._checkpoint(first), self._checkpoint(second)
        if older.size > newer.size:
            raise InvalidInput(f"checkpoint {first} covers more events than checkpoint {second}; "
                               "give the older one first")
        path = prove_consistency(self._store, older.size, newer.size)
        return {"first": older.to_dict(), "second": newer.to_dict(),
                "path": [step.hex() for step in path]}

    def _checkpoint(self, number: int) -> Checkpoint:
        found = self._store.checkpoint(number)
        if found is None:
            raise NotFound(f"no checkpoint {number}")
        return found

    # --- proofs -------------------------------------------------------------------------

    def inclusion(self, aggregate: UUID) -> tuple[Leaf, list[bytes], Checkpoint]:
        """The aggregate's last event in the latest checkpoint, and its audit path there."""
        latest = self._store.latest_checkpoint()
        if latest is None:
            raise NotCheckpointed("no checkpoint has been made yet; run notaledger audit "
                                  "checkpoint")
        leaf = self._store.last_leaf(str(aggregate), latest.size)
        if leaf is None:
            raise NotCheckpointed(f"no checkpoint covers {aggregate} yet; the latest covers the "
                                  f"first {latest.size} events")
        return leaf, prove_inclusion(self._store, leaf.index, latest.size), latest

    def bundle(self, aggregate: UUID, verifier: Verifier | None = None,
               forced: str | None = None) -> dict:
        """The proof bundle of one note (or any aggregate), for the offline verifier: with the
        checkpoint's cosignatures and consistency proofs from the earlier checkpoints."""
        records = list(self._recorder.select_events(aggregate))
        if not records:
            raise NotFound(f"no note {aggregate}")
        leaf, path, latest = self.inclusion(aggregate)
        if verifier is None and self._signer is not None:
            verifier = self._signer.verifier()
        return proof_bundle(aggregate, records, leaf, path, latest, verifier,
                            self._store.cosignatures(latest.number or 0),
                            self._earlier_proofs(latest), forced)

    def _earlier_proofs(self, latest: Checkpoint) -> dict[int, list[bytes]]:
        """Consistency proofs to ``latest`` from the sizes of the most recent earlier ones."""
        sizes = sorted({c.size for c in self._store.checkpoints() if 0 < c.size < latest.size})
        return {size: prove_consistency(self._store, size, latest.size)
                for size in sizes[-EARLIER_PROOFS:]}

    # --- verification -------------------------------------------------------------------

    def verify(self, verifier: Verifier | None = None, executor: Executor | None = None,
               progress: Progress | None = None, trusted: str | None = None) -> AuditReport:
        """Check every chain, and the log against every checkpoint and its signature.

        With an executor (a process pool), spans of the log are read and hashed in parallel;
        the log reader must then be shareable.
        """
        checkpoint = self.read_trusted(trusted)[0] if trusted else None
        return verify_log(self._reader, self._recorder, self._store, verifier, executor,
                          progress, checkpoint)

    @staticmethod
    def read_trusted(note: str) -> tuple[Checkpoint, Note]:
        """A checkpoint obtained elsewhere, from its signed note."""
        return Checkpoint.from_note(note)

    def check_trusted(self, report: AuditReport, note: str,
                      verifier: Verifier | None = None) -> None:
        """Add to the report whether the store extends a checkpoint obtained elsewhere."""
        checkpoint, parsed = self.read_trusted(note)
        check_trusted(report, self._store, checkpoint, parsed, verifier)

    def check_signed(self, report: AuditReport, allow_unsigned: bool = False) -> None:
        """Fail a report over events with no checkpoint, or fewer than the signer signed."""
        remembered = self._memory.recall() if self._memory is not None else None
        numbers = [c.number or 0 for c in self._store.checkpoints()]
        check_signed(report, len(numbers), remembered.number if remembered else None,
                     allow_unsigned)

    def verify_aggregate(self, aggregate: UUID, verifier: Verifier | None = None) -> AuditReport:
        """Check one note's chain and its last event against the latest checkpoint."""
        return verify_one(self._recorder, self._store, aggregate, verifier)
