"""The verification use cases: the whole log, or one note, against the signed checkpoints."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any
from uuid import UUID

from domain.audit.chains import Break
from domain.audit.checkpoint import Checkpoint
from domain.audit.locate import locate
from domain.audit.log import LogReader
from domain.audit.merkle import ProofError, verify_consistency, verify_inclusion
from domain.audit.note import Note, verify_note
from domain.audit.signing import Verifier
from domain.audit.store import AuditStore
from domain.audit.tree import TreeDamaged, event_leaf, prove_consistency, prove_inclusion
from domain.audit.verify import AuditReport, LogVerifier, Progress, digest, digests
from domain.errors import NotFound


def verify_log(reader: LogReader, recorder: Any, store: AuditStore, verifier: Verifier | None,
               executor: Executor | None = None, progress: Progress | None = None,
               trusted: Checkpoint | None = None) -> AuditReport:
    """Every chain, the log's tree against every checkpoint (and a trusted one obtained
    elsewhere), and their signatures."""
    checkpoints = store.checkpoints()
    log = LogVerifier([*checkpoints, *([trusted] if trusted else [])])
    for batch in digests(reader, executor, cuts=log.cuts):
        log.check_all(batch)
        if progress is not None:
            progress(log.report.events)
    report = log.finish()
    report.latest = store.latest_checkpoint()
    if trusted is not None and trusted not in log.reproduced:
        report.breaks.append(_fork(trusted, report.tree_size))
    check_signatures(report, checkpoints, verifier)
    if log.mismatch is not None:
        found = locate(reader, recorder, store, *log.mismatch)
        # A chain already reported broken explains its own departure from the tree.
        report.breaks += [b for b in found if not log.broken(b.aggregate_id)]
    _warn_unsigned_tail(report)
    return report


def verify_one(recorder: Any, store: AuditStore, aggregate: UUID,
               verifier: Verifier | None) -> AuditReport:
    """One aggregate's chain, and its last checkpointed event against the latest checkpoint."""
    records = list(recorder.select_events(aggregate))
    if not records:
        raise NotFound(f"no note {aggregate}")
    log = LogVerifier()
    for r in records:
        log.check(digest((0, str(aggregate), r.originator_version, r.topic, r.state)))
    report = log.finish()
    report.tree_size = store.tree_head()[0]
    report.latest = latest = store.latest_checkpoint()
    check_signatures(report, [latest] if latest else [], verifier)
    if latest is None:
        report.warnings.append("no checkpoint has been made yet: only the chain was checked")
    else:
        _check_inclusion(report, store, aggregate, records, latest)
    return report


def _check_inclusion(report: AuditReport, store: AuditStore, aggregate: UUID,
                     records: list[Any], latest: Checkpoint) -> None:
    leaf = store.last_leaf(str(aggregate), latest.size)
    if leaf is None:
        report.warnings.append(f"no checkpoint covers {aggregate} yet")
        return
    record = next((r for r in records if r.originator_version == leaf.version), None)
    if record is None:
        report.breaks.append(Break(str(aggregate), leaf.version, "missing",
                                   f"version {leaf.version} was signed in checkpoint "
                                   f"{latest.number} but is gone from the log"))
        return
    path = prove_inclusion(store, leaf.index, latest.size)
    if verify_inclusion(leaf.index, latest.size, event_leaf(record.state), path,
                        bytes.fromhex(latest.root)):
        report.checkpoints = 1
        return
    first = _first_departure(store, aggregate, records, latest.size) or leaf.version
    report.breaks.append(Break(str(aggregate), first, "rewritten",
                               f"its chain verifies, but version {leaf.version} is not the "
                               f"event signed in checkpoint {latest.number} ({latest.time}); "
                               f"version {first} is the first to differ from the tree"))


def _first_departure(store: AuditStore, aggregate: UUID, records: list[Any],
                     size: int) -> int | None:
    """The first version whose leaf differs from the stored tree's (a best effort)."""
    for record in records:
        leaf = store.leaf(str(aggregate), record.originator_version)
        if leaf is None or leaf.index >= size:
            return None
        if store.nodes([(0, leaf.index)]).get((0, leaf.index)) != event_leaf(record.state):
            return record.originator_version
    return None


def check_signatures(report: AuditReport, checkpoints: list[Checkpoint],
                     verifier: Verifier | None) -> None:
    """Every checkpoint must carry the verifier's signature; each that does not is forged."""
    if verifier is None:
        report.signatures = "not checked"
        if checkpoints:
            report.warnings.append("checkpoint signatures were not checked: no public key "
                                   "(pass --key or configure the signing key)")
        return
    report.signatures = f"key {verifier.key_id}"
    for checkpoint in checkpoints:
        if not checkpoint.signed_by(verifier):
            named = (f"; it names key {checkpoint.key_id}"
                     if checkpoint.key_id != verifier.key_id else "")
            report.breaks.append(Break(
                f"checkpoint {checkpoint.number}", checkpoint.size, "forged",
                f"checkpoint {checkpoint.number} ({checkpoint.time}) does not carry a valid "
                f"signature of key {verifier.key_id}{named}"))


def _fork(trusted: Checkpoint, size: int) -> Break:
    if size < trusted.size:
        return Break("trusted checkpoint", trusted.size, "rolled back",
                     f"the log holds {size} events, fewer than the {trusted.size} of the "
                     "trusted checkpoint: events it signed are gone")
    return Break("trusted checkpoint", trusted.size, "fork",
                 f"the log's first {trusted.size} events do not hash to the trusted "
                 f"checkpoint's root {trusted.root}: the history it signed was rewritten")


def check_trusted(report: AuditReport, store: AuditStore, trusted: Checkpoint, note: Note,
                  verifier: Verifier | None) -> None:
    """The trusted checkpoint carries the log's signature, and the store's latest signed
    checkpoint is it or extends it (a consistency proof from the stored tree, checked)."""
    if verifier is not None and not verify_note(note, trusted.origin, verifier):
        report.breaks.append(Break("trusted checkpoint", trusted.size, "forged",
                                   f"it carries no valid signature of key {verifier.key_id} "
                                   f"under {trusted.origin}"))
        return
    latest = report.latest or store.latest_checkpoint()
    if latest is None or latest.size < trusted.size:
        report.breaks.append(Break(
            "trusted checkpoint", trusted.size, "rolled back",
            f"the store's latest checkpoint covers {latest.size if latest else 0} events, fewer "
            f"than the {trusted.size} of the trusted checkpoint"))
        return
    try:
        proof = prove_consistency(store, trusted.size, latest.size)
    except (TreeDamaged, ProofError):
        proof = []
    if not verify_consistency(trusted.size, latest.size, bytes.fromhex(trusted.root),
                              bytes.fromhex(latest.root), proof):
        report.breaks.append(Break(
            "trusted checkpoint", trusted.size, "fork",
            f"the store's checkpoint {latest.number} ({latest.size} events) is not a "
            f"consistent extension of the trusted checkpoint ({trusted.size} events, root "
            f"{trusted.root}): two histories were signed"))


def check_signed(report: AuditReport, checkpoints: int, remembered: int | None,
                 allow_unsigned: bool) -> None:
    """Events without any checkpoint, or fewer checkpoints than the signer signed, fail."""
    if remembered is not None and checkpoints < remembered:
        report.breaks.append(Break("checkpoints", remembered, "missing",
                                   f"the signer signed {remembered} checkpoint(s), the store "
                                   f"holds {checkpoints}: checkpoints were deleted or the "
                                   "database was rolled back"))
    if report.events and report.latest is None:
        message = (f"the store holds {report.events} event(s) and no signed checkpoint: nothing "
                   "but their own chains vouches for them")
        if allow_unsigned:
            report.warnings.append(message)
        else:
            report.breaks.append(Break("log", 0, "unsigned",
                                       message + " (--allow-unsigned to accept)"))


def _warn_unsigned_tail(report: AuditReport) -> None:
    signed = report.latest.size if report.latest else 0
    if report.tree_size > signed:
        report.warnings.append(f"{report.tree_size - signed} event(s) are newer than the latest "
                               "checkpoint: only their chains vouch for them")
