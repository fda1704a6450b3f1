"""The auditors' use cases: checkpoints, proofs, bundles and verification of the whole log."""

from __future__ import annotations

from concurrent.futures import Executor
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.audit.bundle import proof_bundle
from domain.audit.checkpoint import Checkpoint, sign_checkpoint
from domain.audit.checks import verify_log, verify_one
from domain.audit.log import LogReader, RecorderReader
from domain.audit.signing import Signer, Verifier
from domain.audit.store import AuditStore, Leaf
from domain.audit.tree import prove_consistency, prove_inclusion, sync_tree
from domain.audit.verify import AuditReport, Progress
from domain.errors import InvalidInput, LedgerError, NotFound


class NotCheckpointed(LedgerError):
    """No signed checkpoint covers this yet."""


class NoSigningKey(LedgerError):
    """A checkpoint was asked for, but no signing key is configured."""


class Audit:
    """Checkpoints, proofs and verification over the ledger's recorder and the audit store."""

    def __init__(self, recorder: Any, store: AuditStore, signer: Signer | None = None,
                 reader: LogReader | None = None) -> None:
        self._recorder = recorder
        self._store = store
        self._signer = signer
        self._reader = reader or RecorderReader(recorder)

    @property
    def parallel(self) -> bool:
        """True when verification can read and hash the log in several processes."""
        return self._reader.shareable

    # --- the tree and its checkpoints ---------------------------------------------------

    def sync(self) -> int:
        """Bring the tree up to the end of the log; returns its size."""
        return sync_tree(self._reader, self._store).size

    def checkpoint(self, now: datetime | None = None, only_if_grown: bool = False
                   ) -> Checkpoint | None:
        """Sign and store a checkpoint over the whole log (None if unchanged and so asked)."""
        if self._signer is None:
            raise NoSigningKey("no audit signing key is configured: set NOTALEDGER_AUDIT_KEY_FILE "
                               "or run notaledger audit keygen")
        edge = sync_tree(self._reader, self._store)
        latest = self._store.latest_checkpoint()
        if only_if_grown and latest is not None and latest.size == edge.size:
            return None
        signed = sign_checkpoint(edge.size, edge.root(), self._signer, now)
        return self._store.add_checkpoint(signed)

    def checkpoints(self) -> list[Checkpoint]:
        """Every signed checkpoint, oldest first."""
        return self._store.checkpoints()

    def latest(self) -> Checkpoint | None:
        """The checkpoint over the largest tree."""
        return self._store.latest_checkpoint()

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

    def bundle(self, aggregate: UUID, verifier: Verifier | None = None) -> dict:
        """The proof bundle of one note (or any aggregate), for the offline verifier."""
        records = list(self._recorder.select_events(aggregate))
        if not records:
            raise NotFound(f"no note {aggregate}")
        leaf, path, latest = self.inclusion(aggregate)
        if verifier is None and self._signer is not None:
            verifier = self._signer.verifier()
        return proof_bundle(aggregate, records, leaf, path, latest, verifier)

    # --- verification -------------------------------------------------------------------

    def verify(self, verifier: Verifier | None = None, executor: Executor | None = None,
               progress: Progress | None = None) -> AuditReport:
        """Check every chain, and the log against every checkpoint and its signature.

        With an executor (a process pool), spans of the log are read and hashed in parallel;
        the log reader must then be shareable.
        """
        return verify_log(self._reader, self._recorder, self._store, verifier, executor,
                          progress)

    def verify_aggregate(self, aggregate: UUID, verifier: Verifier | None = None) -> AuditReport:
        """Check one note's chain and its last event against the latest checkpoint."""
        return verify_one(self._recorder, self._store, aggregate, verifier)
