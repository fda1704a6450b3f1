"""notaledger-verify: check a note's proof bundle offline, with no database and no network.

    notaledger-verify bundle.json [--key PUBKEY] [--witness-key VKEY ... [--quorum N]]
                      [--trusted CHECKPOINT]

This file stands alone on purpose: it imports only the standard library and the
``cryptography`` package, so an auditor can read all of it and trust nothing else of ours.
It therefore repeats, deliberately, the few lines that define the ledger's canonical form
and hash chain (domain/audit/chain.py), the RFC 6962 / RFC 9162 inclusion and consistency
checks (domain/audit/merkle.py) and the C2SP signed-note, tlog-checkpoint and
tlog-cosignature formats (domain/audit/note.py) rather than importing them.

What it checks, in order: the bundle is complete JSON; every event is in canonical form,
belongs to the note, follows its predecessor's version, links to its predecessor's hash and
matches its own hash; the checkpoint is a signed note whose text is a tlog-checkpoint; the
proven event's hash is a leaf of its tree (the inclusion proof leads to its root); the note
is signed by the key given with ``--key`` (PEM file, or the key's base64 or hex; else the key
inside the bundle, which only shows the bundle is self-consistent); with ``--witness-key``,
at least ``--quorum`` of those witnesses (default: all) cosigned it; with ``--trusted``, the
bundle's checkpoint is the trusted one or extends it (by a consistency proof the bundle
carries). Exit status 0 when all hold, 1 with the first failure.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "notaledger proof bundle v2"
GENESIS = "0" * 64


class Rejected(Exception):
    """The bundle does not verify; the message says exactly where."""


# --- the ledger's canonical form and chain (as domain/audit/chain.py defines them) -------------

def canonical(aggregate: str, version: int, topic: str, state: dict) -> str:
    """The canonical text of one event: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps([aggregate, version, topic, state], sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def link_hash(prev_hash: str, text: str) -> str:
    """The chain hash: sha256 over the previous hash's bytes and the canonical bytes."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + text.encode("utf-8")).hexdigest()


# --- RFC 6962 hashing and the RFC 9162 inclusion check --------------------------------------

def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_path(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    """The root an inclusion proof leads to (RFC 9162 section 2.1.3.2)."""
    if not 0 <= index < size:
        raise Rejected(f"the inclusion proof names leaf {index} of a tree of {size} events")
    fn, sn, root = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            raise Rejected("the inclusion proof has more steps than the signed tree is deep")
        if fn & 1 or fn == sn:
            root = node_hash(sibling, root)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            root = node_hash(root, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise Rejected("the inclusion proof has fewer steps than the signed tree is deep")
    return root


# --- C2SP signed notes and checkpoints (c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature)

DASH = "\u2014"


def note_key_id(name: str, kind: int, raw_key: bytes) -> bytes:
    """SHA-256(key name || 0x0A || signature type || public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + raw_key).digest()[:4]


def parse_note(note: str, what: str) -> tuple[str, list[tuple[str, bytes]]]:
    """A signed note's text and its signature lines as (key name, base64-decoded blob)."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise Rejected(f"{what} holds control characters: it is not a signed note")
    text, blank, tail = note.rpartition("\n\n")
    if not blank or not text or not tail.endswith("\n"):
        raise Rejected(f"{what} is not a signed note (text, a blank line, signature lines)")
    signatures = []
    for line in tail[:-1].split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise Rejected(f"{what}: {line!r} is not a signature line")
        try:
            signatures.append((parts[1], base64.b64decode(parts[2], validate=True)))
        except (binascii.Error, ValueError):
            raise Rejected(f"{what}: the signature of {parts[1]} is not base64") from None
    return text + "\n", signatures


def parse_checkpoint(text: str, what: str) -> tuple[str, int, bytes]:
    """Origin, tree size and root hash of a checkpoint's note text."""
    lines = text.split("\n")
    if len(lines) < 4 or not all(lines[:-1]):
        raise Rejected(f"{what} is not a checkpoint (origin, size, root hash)")
    origin, size, root = lines[:3]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise Rejected(f"{what}: its size {size!r} is not a decimal number")
    try:
        digest = base64.b64decode(root, validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != 32:
        raise Rejected(f"{what}: its root hash is not 32 bytes of base64")
    return origin, int(size), digest


def raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def check_log_signature(text: str, signatures: list, origin: str, key: Ed25519PublicKey,
                        what: str) -> None:
    """The note carries the log key's signature under the origin, and it verifies."""
    wanted = note_key_id(origin, 0x01, raw(key))
    mine = [blob[4:] for name, blob in signatures if name == origin and blob[:4] == wanted]
    if not mine:
        named = [blob[:4].hex() for name, blob in signatures if name == origin]
        raise Rejected(f"{what} carries no signature of key {key_id(key)} (note key id "
                       f"{wanted.hex()}); it is signed by {', '.join(named) or 'no key'} of "
                       f"{origin}")
    for signature in mine:
        try:
            key.verify(signature, text.encode())
        except InvalidSignature:
            raise Rejected(f"{what}: its signature does not verify with key {key_id(key)}: "
                           "the checkpoint was altered or signed by another key") from None


def witness_key(spec: str) -> tuple[str, Ed25519PublicKey]:
    """A witness's verifier key: name+hex(key id)+base64(0x04 || Ed25519 public key)."""
    parts = spec.strip().split("+", 2)
    try:
        material = base64.b64decode(parts[2], validate=True) if len(parts) == 3 else b""
    except (binascii.Error, ValueError):
        material = b""
    if len(material) != 33 or material[0] != 0x04:
        raise Rejected(f"--witness-key {spec}: not a cosigner verifier key "
                       "(name+id+base64 of 0x04 and an Ed25519 key)")
    if note_key_id(parts[0], 0x04, material[1:]).hex() != parts[1].lower():
        raise Rejected(f"--witness-key {spec}: its key id does not match its name and key")
    return parts[0], Ed25519PublicKey.from_public_bytes(material[1:])


def cosigned(text: str, signatures: list, name: str, key: Ed25519PublicKey) -> int | None:
    """The time of a valid cosignature (c2sp.org/tlog-cosignature v1) by this witness."""
    wanted = note_key_id(name, 0x04, raw(key))
    for signer, blob in signatures:
        if signer != name or blob[:4] != wanted or len(blob) != 4 + 8 + 64:
            continue
        timestamp = int.from_bytes(blob[4:12], "big")
        message = f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()
        try:
            key.verify(blob[12:], message)
        except InvalidSignature:
            raise Rejected(f"the cosignature of witness {name} does not verify") from None
        return timestamp
    return None


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes,
                       proof: list[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2: the tree of ``old`` leaves is a prefix of that of ``new``."""
    if not 0 < old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = [old_root, *proof] if old & (old - 1) == 0 else list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for step in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first, second = node_hash(step, first), node_hash(step, second)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, step)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first == old_root and second == new_root


# --- reading the bundle ---------------------------------------------------------------------

def load(path: str) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise Rejected(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise Rejected(f"{path} is not UTF-8 text") from None
    try:
        bundle = json.loads(text)
    except json.JSONDecodeError as error:
        raise Rejected(f"{path} is not complete JSON (truncated or damaged?): {error.msg} "
                       f"(line {error.lineno}, column {error.colno})") from None
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise Rejected(f"{path} is not a notaledger proof bundle (expected format {FORMAT!r})")
    return bundle


def field(data: dict, path: str, kind: type, where: str = "the bundle"):
    """A required value, by a dotted path, of the expected JSON type."""
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise Rejected(f"{where} lacks {path}")
        value = value[part]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Rejected(f"{path} in {where} is not a {_JSON_NAMES[kind]}")
    return value


_JSON_NAMES = {str: "string", int: "whole number", list: "list", dict: "object"}


def hex_bytes(text: str, what: str, size: int = 32) -> bytes:
    try:
        value = bytes.fromhex(text)
    except (ValueError, TypeError):
        value = b""
    if len(value) != size:
        raise Rejected(f"{what} is not a {size}-byte hex string")
    return value


# --- the checks -----------------------------------------------------------------------------

def check_events(bundle: dict) -> tuple[str, list[dict]]:
    """Every event canonical, in order, linked and matching its hash; returns the note id."""
    note = field(bundle, "note.id", str)
    events = field(bundle, "events", list)
    if not events:
        raise Rejected("the bundle holds no events")
    prev = GENESIS
    for position, event in enumerate(events, start=1):
        prev = check_event(note, position, event, prev)
    return note, events


def check_event(note: str, position: int, event: dict, prev: str) -> str:
    where = f"event {position}"
    if not isinstance(event, dict):
        raise Rejected(f"{where} is not an object")
    text, stored = field(event, "canonical", str, where), field(event, "hash", str, where)
    try:
        aggregate, version, topic, state = json.loads(text)
    except (json.JSONDecodeError, ValueError, TypeError):
        raise Rejected(f"{where}: its canonical text is not [id, version, topic, state]") from None
    where = f"event {position} (version {version}, {str(topic).rsplit(':', 1)[-1]})"
    if not isinstance(state, dict) or not isinstance(version, int):
        raise Rejected(f"{where}: its canonical text is not [id, version, topic, state]")
    if canonical(aggregate, version, topic, state) != text:
        raise Rejected(f"{where} is not in canonical form")
    if aggregate != note:
        raise Rejected(f"{where} belongs to {aggregate}, not to note {note}")
    if version != position:
        raise Rejected(f"{where} stands at position {position}: the events are out of order "
                       f"or one is missing (expected version {position})")
    if state.get("prev_hash") != prev:
        raise Rejected(f"{where} does not link to the hash of version {version - 1}")
    if link_hash(prev, text) != stored:
        raise Rejected(f"{where}: its content does not match its hash (the event was changed)")
    if event.get("version") not in (None, version):
        raise Rejected(f"{where} is labelled version {event['version']}")
    return stored


@dataclass
class Signed:
    """The bundle's checkpoint, read from its signed note."""

    text: str
    signatures: list
    origin: str
    size: int
    root: bytes


def read_checkpoint(bundle: dict) -> Signed:
    note = field(bundle, "checkpoint.note", str)
    text, signatures = parse_note(note, "the bundle's checkpoint")
    return Signed(text, signatures, *parse_checkpoint(text, "the bundle's checkpoint"))


def check_inclusion(bundle: dict, events: list[dict], signed: Signed) -> int:
    """The proven event is a leaf of the signed tree; returns its version."""
    version = field(bundle, "proof.version", int)
    index = field(bundle, "proof.leaf_index", int)
    size = field(bundle, "proof.tree_size", int)
    if size != signed.size:
        raise Rejected(f"the proof is for a tree of {size} events but the checkpoint signs "
                       f"{signed.size}")
    if not 1 <= version <= len(events):
        raise Rejected(f"the proof is for version {version}, which the bundle does not hold")
    path = [hex_bytes(step, f"step {n} of the inclusion proof")
            for n, step in enumerate(field(bundle, "proof.path", list), start=1)]
    leaf = leaf_hash(hex_bytes(events[version - 1]["hash"], f"the hash of version {version}"))
    if root_from_path(index, size, leaf, path) != signed.root:
        raise Rejected(f"the inclusion proof does not lead from version {version} (leaf {index}) "
                       "to the checkpoint's root: the event is not in the signed tree")
    return version


def public_key(text: bytes, source: str) -> Ed25519PublicKey:
    try:
        if text.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(text)
        else:
            material = text.strip()
            key = Ed25519PublicKey.from_public_bytes(
                bytes.fromhex(material.decode("ascii")) if len(material) == 64
                else base64.b64decode(material, validate=True))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise Rejected(f"{source} is not an Ed25519 public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise Rejected(f"{source} is not an Ed25519 public key")
    return key


def given_key(spec: str) -> Ed25519PublicKey:
    path = Path(spec)
    return public_key(path.read_bytes() if path.is_file() else spec.encode(), f"--key {spec}")


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw(key)).hexdigest()[:16]


def bundled_key(bundle: dict) -> Ed25519PublicKey:
    text = field(bundle, "signer.ed25519", str)
    return public_key(text.encode(), "the bundle's signer.ed25519")


def check_witnesses(signed: Signed, specs: list[str], quorum: int | None) -> list[str]:
    """At least ``quorum`` of the given witnesses cosigned the checkpoint; who did, and when."""
    if not specs:
        return []
    needed = len(specs) if quorum is None else quorum
    if not 1 <= needed <= len(specs):
        raise Rejected(f"--quorum {needed} is not between 1 and the {len(specs)} witness key(s)")
    seen = []
    for spec in specs:
        name, key = witness_key(spec)
        timestamp = cosigned(signed.text, signed.signatures, name, key)
        if timestamp is not None:
            moment = datetime.fromtimestamp(timestamp, UTC).isoformat()
            seen.append(f"{name} at {moment}")
    if len(seen) < needed:
        raise Rejected(f"the checkpoint carries {len(seen)} valid cosignature(s) of the given "
                       f"witnesses, fewer than the {needed} required"
                       + (f" (cosigned by {', '.join(seen)})" if seen else ""))
    return seen


def check_trusted(bundle: dict, signed: Signed, path: str, key: Ed25519PublicKey) -> str:
    """The bundle's checkpoint is the trusted one or a consistent extension of it."""
    try:
        note = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Rejected(f"cannot read the trusted checkpoint {path}: {error}") from None
    text, signatures = parse_note(note, f"the trusted checkpoint {path}")
    origin, size, root = parse_checkpoint(text, f"the trusted checkpoint {path}")
    if origin != signed.origin:
        raise Rejected(f"the trusted checkpoint is of log {origin}, the bundle's of "
                       f"{signed.origin}")
    check_log_signature(text, signatures, origin, key, f"the trusted checkpoint {path}")
    if size > signed.size:
        raise Rejected(f"the trusted checkpoint ({size} events) is newer than the bundle's "
                       f"({signed.size}): ask the ledger for a newer bundle")
    if size == signed.size:
        if root != signed.root:
            raise Rejected(f"FORK: the trusted checkpoint and the bundle's both sign {size} "
                           "events with different roots: the log's history was rewritten")
        return f"trusted:    the bundle's checkpoint is the trusted one ({size} events)"
    proofs = {p.get("size"): p for p in bundle.get("consistency") or [] if isinstance(p, dict)}
    if size not in proofs:
        raise Rejected(f"the bundle carries no consistency proof from {size} events, the "
                       "trusted checkpoint's size")
    steps = [hex_bytes(step, f"step {n} of the consistency proof")
             for n, step in enumerate(proofs[size].get("path") or [], start=1)]
    if not verify_consistency(size, signed.size, root, signed.root, steps):
        raise Rejected(f"FORK: the bundle's checkpoint ({signed.size} events) does not extend "
                       f"the trusted checkpoint ({size} events): the log's history was "
                       "rewritten")
    return (f"trusted:    the bundle's checkpoint extends the trusted one of {size} events "
            "(consistency proof checked)")


# --- the command ----------------------------------------------------------------------------

def verify(path: str, key_spec: str | None, witnesses: list[str] = (),
           quorum: int | None = None, trusted: str | None = None) -> list[str]:
    """Every check on one bundle; returns the lines that say what was verified."""
    bundle = load(path)
    key = given_key(key_spec) if key_spec else bundled_key(bundle)
    note, events = check_events(bundle)
    signed = read_checkpoint(bundle)
    version = check_inclusion(bundle, events, signed)
    check_log_signature(signed.text, signed.signatures, signed.origin, key,
                        "the bundle's checkpoint")
    cosigners = check_witnesses(signed, list(witnesses), quorum)
    reference = json.loads(events[0]["canonical"])[3].get("reference")
    lines = [
        f"note:       {reference or '(no reference)'} ({note})",
        f"events:     {len(events)}, versions 1 to {len(events)}, each in canonical form, "
        "matching its hash and linked to the one before",
        f"proven:     version {version} is leaf {bundle['proof']['leaf_index']} of the signed "
        f"tree, so versions 1 to {version} are as signed",
        f"checkpoint: {signed.origin}, {signed.size} events, root "
        f"{base64.b64encode(signed.root).decode()}",
        f"signer:     key {key_id(key)}" + ("" if key_spec else
                                           " (the key inside the bundle: compare this id with "
                                           "the ledger's published key, or pass --key)"),
    ]
    lines += [f"witness:    cosigned by {who}" for who in cosigners]
    if trusted:
        lines.append(check_trusted(bundle, signed, trusted, key))
    if version < len(events):
        lines.append(f"note:       versions {version + 1} to {len(events)} are newer than the "
                     "checkpoint; only their chain links vouch for them")
    return lines


def forced(path: str) -> str | None:
    """The warning a bundle exported with --force carries, printed whatever else holds."""
    try:
        said = load(path).get("forced")
    except Rejected:
        return None
    return (f"WARNING:    exported with --force from a store that failed verification: {said}"
            if said else None)


def main(argv: list[str] | None = None) -> int:
    """Verify one bundle: print what was verified and exit 0, or what failed and exit 1."""
    parser = argparse.ArgumentParser(prog="notaledger-verify", description=(
        "Verify a notaledger proof bundle offline: the note's hash chain, its inclusion in "
        "the signed tree, the checkpoint's Ed25519 signature and its witnesses' cosignatures."))
    parser.add_argument("bundle", help="the proof bundle (JSON)")
    parser.add_argument("--key", help="the ledger's public key: a PEM file, or its base64 "
                                      "or hex (default: the key inside the bundle)")
    parser.add_argument("--witness-key", action="append", default=[], metavar="VKEY",
                        help="a witness's verifier key (name+id+key); repeat for several")
    parser.add_argument("--quorum", type=int, metavar="N",
                        help="cosignatures required of the given witnesses (default: all)")
    parser.add_argument("--trusted", metavar="CHECKPOINT",
                        help="a checkpoint (signed note) obtained elsewhere: the bundle's must "
                             "be it or extend it")
    arguments = parser.parse_args(argv)
    warning = forced(arguments.bundle)
    if warning:
        print(warning)
    try:
        lines = verify(arguments.bundle, arguments.key, arguments.witness_key,
                       arguments.quorum, arguments.trusted)
    except Rejected as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    print("VERIFIED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
