"""``notaledger audit``: signing keys, checkpoints, verification, proof bundles, replay, trails."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapters.signing import (
    DEFAULT_KEY_FILE,
    Ed25519Signer,
    load_verifier,
    public_base64,
    signer_from_env,
    verifier_from_env,
    write_key,
)
from adapters.witnesses import witnesses_from_env
from api.bootstrap import bootstrap
from api.cli.checkpoint_service import run_service
from api.replay import replay
from domain.audit.service import Audit
from domain.audit.signer import SignerRefused
from domain.errors import InvalidInput, NotFound
from domain.trail import COLUMNS, PUBLIC_COLUMNS, trail_rows
from projections.reader import ViewReader

PARALLEL_FROM = 20_000  # below this many events a process pool costs more than it saves


def register(subcommands) -> None:
    audit = subcommands.add_parser("audit", help="checkpoints, verification, proofs, replay")
    actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    _keygen(actions)
    _checkpoint(actions)
    _checkpoints(actions)
    _consistency(actions)
    _verify(actions)
    _export(actions)
    _replay(actions)
    _trail(actions)


# --- the parsers ------------------------------------------------------------------------------

def _keygen(actions) -> None:
    keygen = actions.add_parser("keygen", help="make the Ed25519 key that signs checkpoints")
    keygen.add_argument("-o", "--output", default=None,
                        help=f"private key file (default: $NOTALEDGER_AUDIT_KEY_FILE or "
                             f"{DEFAULT_KEY_FILE}); the public key goes beside it as .pub")
    keygen.add_argument("--force", action="store_true", help="overwrite an existing key")
    keygen.set_defaults(handler=run_keygen)


def _checkpoint(actions) -> None:
    checkpoint = actions.add_parser("checkpoint", help="sign a checkpoint over the whole log")
    checkpoint.add_argument("--every", type=float, metavar="SECONDS",
                            help="keep running: a checkpoint each interval, when the log grew")
    checkpoint.add_argument("--listen", default=os.environ.get("NOTALEDGER_SIGNER_LISTEN", ""),
                            metavar="HOST:PORT",
                            help="with --every: serve /healthz (503 while refusing) and "
                                 "/metrics here (default: $NOTALEDGER_SIGNER_LISTEN, or none)")
    checkpoint.add_argument("--adopt", action="store_true",
                            help="a signer without state takes the store's latest checkpoint "
                                 "(signed by its key) as the last it signed")
    checkpoint.set_defaults(handler=run_checkpoint)


def _checkpoints(actions) -> None:
    listing = actions.add_parser("checkpoints", help="list (or export) the signed checkpoints")
    listing.add_argument("--json", action="store_true", help="print them as JSON")
    listing.add_argument("--export", metavar="FILE",
                         help="write them, with the public key, for publication elsewhere")
    listing.set_defaults(handler=run_checkpoints)


def _consistency(actions) -> None:
    consistency = actions.add_parser(
        "consistency", help="prove an older checkpoint's tree is a prefix of a newer one's")
    consistency.add_argument("first", type=int, help="the older checkpoint's number")
    consistency.add_argument("second", type=int, help="the newer checkpoint's number")
    consistency.set_defaults(handler=run_consistency)


def _verify(actions) -> None:
    verify = actions.add_parser(
        "verify", help="check every chain, and the log against the signed checkpoints")
    verify.add_argument("--note", metavar="REF", help="only the note with this reference")
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.add_argument("--key", metavar="PUBKEY",
                        help="the public key (PEM file, base64 or hex); default: "
                             "$NOTALEDGER_AUDIT_PUBLIC_KEY or the signing key's")
    verify.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes that recompute hashes (default: one per core)")
    verify.add_argument("--trusted", metavar="CHECKPOINT",
                        help="a checkpoint note obtained elsewhere (a witness, a bundle, a "
                             "printout): the store's tree must be a consistent extension of it")
    verify.add_argument("--allow-unsigned", action="store_true",
                        help="a store with events and no checkpoint only warns")
    verify.set_defaults(handler=run_verify)


def _export(actions) -> None:
    export = actions.add_parser("export", help="write a note's proof bundle")
    export.add_argument("--note", metavar="REF", required=True, help="the note's reference")
    export.add_argument("-o", "--output", required=True, help="the bundle file to write")
    export.add_argument("--force", action="store_true",
                        help="export even when the store fails verification (the bundle "
                             "says so)")
    export.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes that recompute hashes while verifying first")
    export.set_defaults(handler=run_export)


def _replay(actions) -> None:
    replay = actions.add_parser("replay", help="a note's state as of a moment or a version, "
                                               "as the API shows it")
    replay.add_argument("reference", metavar="REF")
    moment = replay.add_mutually_exclusive_group()
    moment.add_argument("--as-of", metavar="TIME",
                        help="as the ledger knew it then: ISO 8601 time; without a zone it is "
                             "UTC, a date alone is 00:00")
    moment.add_argument("--version", type=int, metavar="N")
    replay.add_argument("--effective-at", metavar="TIME",
                        help="as things stood then (as known now, or --as-of): ISO 8601 time")
    replay.set_defaults(handler=run_replay)


def _trail(actions) -> None:
    trail = actions.add_parser("trail", help="a note's audit trail as JSON Lines or CSV")
    trail.add_argument("reference", metavar="REF")
    trail.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    trail.add_argument("--public", action="store_true",
                       help="redact civil servants' names and leave out ids (Woo 5.1.2e)")
    trail.add_argument("-o", "--output", help="write to this file instead of standard output")
    trail.set_defaults(handler=run_trail)



# --- composition --------------------------------------------------------------------------------

def build_audit(environ: Mapping[str, str] = os.environ) -> tuple[Any, Audit]:
    """The ledger and the audit use cases over its log, with the configured signing key."""
    services = bootstrap(environ, signer=signer_from_env(environ))
    return services.ledger, services.audit


def _verifier(spec: str | None, environ: Mapping[str, str] = os.environ):
    return load_verifier(spec) if spec else verifier_from_env(environ)


# --- the handlers ---------------------------------------------------------------------------------

def run_keygen(arguments) -> int:
    path = arguments.output or os.environ.get("NOTALEDGER_AUDIT_KEY_FILE", DEFAULT_KEY_FILE)
    signer = Ed25519Signer.generate()
    public = write_key(signer, path, force=arguments.force)
    print(f"private key: {path} (keep it off the database server's backups)")
    print(f"public key:  {public}")
    print(f"key id:      {signer.key_id}")
    print(f"ed25519:     {public_base64(signer.verifier())}")
    print(f"sign with:   NOTALEDGER_AUDIT_KEY_FILE={path}")
    return 0


def run_checkpoint(arguments) -> int:
    _, audit = build_audit()
    if arguments.every is None:
        try:
            made = audit.checkpoint(adopt=arguments.adopt)
        except SignerRefused as refusal:
            print(f"notaledger: REFUSED: {refusal}", file=sys.stderr)
            return 1
        _print_checkpoint(made)
        witnesses = witnesses_from_env()
        if witnesses is not None:
            kept = witnesses.collect(made, audit.prove, audit.keep_cosignatures)
            print(f"{kept} cosignature(s) kept")
        return 0
    if arguments.every <= 0:
        raise InvalidInput("--every needs a positive number of seconds")
    if arguments.adopt:
        audit.checkpoint(only_if_grown=True, adopt=True)
    return run_service(audit, arguments.every, arguments.listen, witnesses_from_env())


def _print_checkpoint(checkpoint) -> None:
    print(f"checkpoint {checkpoint.number}: {checkpoint.size} events, root {checkpoint.root}, "
          f"{checkpoint.time}, key {checkpoint.key_id}")


def run_checkpoints(arguments) -> int:
    _, audit = build_audit()
    checkpoints = [c.to_dict() for c in audit.checkpoints()]
    if arguments.export:
        verifier = _verifier(None)
        published = {"format": "notaledger checkpoints v1", "checkpoints": checkpoints,
                     "signer": {"key_id": verifier.key_id, "ed25519": public_base64(verifier)}
                     if verifier else None}
        Path(arguments.export).write_text(json.dumps(published, indent=2) + "\n")
        print(f"wrote {len(checkpoints)} checkpoint(s) to {arguments.export}")
    elif arguments.json:
        print(json.dumps(checkpoints, indent=2))
    else:
        for checkpoint in audit.checkpoints():
            _print_checkpoint(checkpoint)
        if not checkpoints:
            print("no checkpoints yet; make one with notaledger audit checkpoint")
    return 0


def run_consistency(arguments) -> int:
    _, audit = build_audit()
    print(json.dumps(audit.consistency(arguments.first, arguments.second), indent=2))
    return 0


def run_verify(arguments) -> int:
    ledger, audit = build_audit()
    verifier = _verifier(arguments.key)
    trusted = _read(arguments.trusted) if arguments.trusted else None
    if arguments.note:
        report = audit.verify_aggregate(ledger.note_id(arguments.note), verifier)
    else:
        report = _verify_log(ledger, audit, verifier, arguments.jobs, trusted)
    if trusted:
        audit.check_trusted(report, trusted, verifier)
    audit.check_signed(report, allow_unsigned=arguments.allow_unsigned)
    if arguments.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        _print_report(report)
    return 0 if report.ok else 1


def _verify_log(ledger, audit: Audit, verifier, jobs: int, trusted: str | None = None):
    total = ledger.recorder.max_notification_id() or 0
    progress = Progress(total)
    parallel = jobs > 1 and total >= PARALLEL_FROM and audit.parallel
    with ProcessPoolExecutor(jobs) if parallel else nullcontext() as executor:
        report = audit.verify(verifier, executor=executor, progress=progress, trusted=trusted)
    progress.done(report.events)
    return report


class Progress:
    """A progress line on standard error: redrawn on a terminal, once at the end elsewhere."""

    def __init__(self, total: int) -> None:
        self._total, self._start, self._shown = total, time.monotonic(), 0.0
        self._live = sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if self._live and now - self._shown > 0.2:
            self._shown = now
            share = f" of ~{self._total} ({100 * done // self._total}%)" if self._total else ""
            print(f"\rverifying: {done} events{share}", end="", file=sys.stderr, flush=True)

    def done(self, events: int) -> None:
        seconds = time.monotonic() - self._start
        rate = f", {events / seconds:,.0f} events/s" if seconds > 0 else ""
        print(f"{chr(13) if self._live else ''}verified {events} events in {seconds:.1f}s{rate}",
              file=sys.stderr)


def _print_report(report) -> None:
    print(f"{report.events} events in {report.aggregates} chains checked")
    if report.latest:
        latest = report.latest
        print(f"latest checkpoint: {latest.number}, {latest.size} events, {latest.time}, "
              f"key {latest.key_id}; {report.checkpoints} checkpoint(s) reproduced from the log; "
              f"signatures: {report.signatures}")
    for warning in report.warnings:
        print(f"warning: {warning}")
    for broken in report.breaks:
        print(f"BROKEN {broken.aggregate_id} at version {broken.version}: {broken.kind}: "
              f"{broken.detail}")
    print("everything verifies" if report.ok else f"{len(report.breaks)} break(s) found")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {path}: {error}") from None


def run_export(arguments) -> int:
    ledger, audit = build_audit()
    verifier = _verifier(None)
    report = _verify_log(ledger, audit, verifier, arguments.jobs)
    audit.check_signed(report)
    forced = None
    if not report.ok:
        found = "; ".join(f"{b.aggregate_id} at version {b.version}: {b.kind}"
                          for b in report.breaks[:5])
        if not arguments.force:
            print(f"notaledger: the store fails verification ({len(report.breaks)} break(s): "
                  f"{found}); not exporting (run notaledger audit verify, or pass --force)",
                  file=sys.stderr)
            return 1
        forced = f"{len(report.breaks)} break(s): {found}"
    bundle = audit.bundle(ledger.note_id(arguments.note), verifier, forced)
    Path(arguments.output).write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    proof = bundle["proof"]
    print(f"wrote {arguments.output}: {len(bundle['events'])} events of {arguments.note}, "
          f"version {proof['version']} proven in the checkpoint of {proof['tree_size']} events")
    return 0


def run_replay(arguments) -> int:
    found = bootstrap()
    as_of = parse_moment(arguments.as_of) if arguments.as_of else None
    effective_at = (parse_moment(arguments.effective_at, "--effective-at")
                    if arguments.effective_at else None)
    if arguments.version is not None and arguments.version < 1:
        raise InvalidInput("--version counts from 1")
    if arguments.version is None and as_of is None and effective_at is None:
        raise InvalidInput("give --as-of, --version or --effective-at")
    state = replay(found.ledger, ViewReader(found.views, found.persons),
                   found.ledger.note_id(arguments.reference), arguments.version, as_of,
                   effective_at)
    print(json.dumps(state, indent=2, ensure_ascii=False, default=str))
    return 0


def parse_moment(text: str, option: str = "--as-of") -> datetime:
    """An ISO 8601 moment; UTC when it names no zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not an ISO 8601 time "
                           "(e.g. 2026-06-05T14:30:00+02:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_trail(arguments) -> int:
    services = bootstrap()
    history = services.ledger.history(services.ledger.note_id(arguments.reference))
    if not history:
        raise NotFound(f"no note {arguments.reference}")
    rows = trail_rows(history, services.persons, public=arguments.public)
    columns = PUBLIC_COLUMNS if arguments.public else COLUMNS
    with (open(arguments.output, "w", newline="", encoding="utf-8") if arguments.output
          else nullcontext(sys.stdout)) as out:
        write_trail(rows, columns, arguments.format, out)
    return 0


def write_trail(rows: list[dict], columns: tuple[str, ...], kind: str, out) -> None:
    """The rows as JSON Lines or as CSV (details as a JSON cell)."""
    if kind == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "details": json.dumps(row["details"], ensure_ascii=False,
                                                      sort_keys=True, default=str)})
