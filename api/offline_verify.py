"""notaledger-verify: check a note's proof bundle offline, with no database and no network.

    notaledger-verify bundle.json [--key PUBKEY]

This file stands alone on purpose: it imports only the standard library and the
``cryptography`` package, so an auditor can read all of it and trust nothing else of ours.
It therefore repeats, deliberately, the few lines that define the ledger's canonical form
and hash chain (domain/audit/chain.py) and the RFC 6962 / RFC 9162 inclusion check
(domain/audit/merkle.py) rather than importing them.

What it checks, in order: the bundle is complete JSON; every event is in canonical form,
belongs to the note, follows its predecessor's version, links to its predecessor's hash and
matches its own hash; the proven event's hash is a leaf of the signed tree (the inclusion
proof leads to the checkpoint's root); the checkpoint is signed by the key given with
``--key`` (PEM file, or the key's base64 or hex; else the key inside the bundle, which only
shows the bundle is self-consistent). Exit status 0 when all hold, 1 with the first failure.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "notaledger proof bundle v1"
CHECKPOINT_FORMAT = "notaledger checkpoint v1"
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


def check_inclusion(bundle: dict, events: list[dict]) -> tuple[int, dict]:
    """The proven event is a leaf of the signed tree; returns its version and the checkpoint."""
    version = field(bundle, "proof.version", int)
    index = field(bundle, "proof.leaf_index", int)
    size = field(bundle, "proof.tree_size", int)
    checkpoint = field(bundle, "checkpoint", dict)
    if field(bundle, "checkpoint.size", int) != size:
        raise Rejected(f"the proof is for a tree of {size} events but the checkpoint signs "
                       f"{checkpoint['size']}")
    if not 1 <= version <= len(events):
        raise Rejected(f"the proof is for version {version}, which the bundle does not hold")
    path = [hex_bytes(step, f"step {n} of the inclusion proof")
            for n, step in enumerate(field(bundle, "proof.path", list), start=1)]
    leaf = leaf_hash(hex_bytes(events[version - 1]["hash"], f"the hash of version {version}"))
    root = hex_bytes(field(bundle, "checkpoint.root", str), "the checkpoint's root")
    if root_from_path(index, size, leaf, path) != root:
        raise Rejected(f"the inclusion proof does not lead from version {version} (leaf {index}) "
                       "to the checkpoint's root: the event is not in the signed tree")
    return version, checkpoint


def checkpoint_body(checkpoint: dict) -> bytes:
    return (f"{CHECKPOINT_FORMAT}\nsize {checkpoint['size']}\nroot {checkpoint['root']}\n"
            f"time {checkpoint['time']}\nkey {checkpoint['key_id']}\n").encode("ascii")


def public_key(text: bytes, source: str) -> Ed25519PublicKey:
    try:
        if text.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(text)
        else:
            raw = text.strip()
            key = Ed25519PublicKey.from_public_bytes(
                bytes.fromhex(raw.decode("ascii")) if len(raw) == 64
                else base64.b64decode(raw, validate=True))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise Rejected(f"{source} is not an Ed25519 public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise Rejected(f"{source} is not an Ed25519 public key")
    return key


def given_key(spec: str) -> Ed25519PublicKey:
    path = Path(spec)
    return public_key(path.read_bytes() if path.is_file() else spec.encode(), f"--key {spec}")


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def check_signature(bundle: dict, checkpoint: dict, key: Ed25519PublicKey) -> str:
    """The checkpoint is signed by ``key``; returns the key id."""
    for name, kind in (("time", str), ("key_id", str), ("signature", str)):
        field(bundle, f"checkpoint.{name}", kind)
    signer = key_id(key)
    if checkpoint["key_id"] != signer:
        raise Rejected(f"the checkpoint was signed by key {checkpoint['key_id']}, not by key "
                       f"{signer}")
    try:
        signature = base64.b64decode(checkpoint["signature"], validate=True)
        key.verify(signature, checkpoint_body(checkpoint))
    except (binascii.Error, ValueError, InvalidSignature, UnicodeEncodeError):
        raise Rejected(f"the checkpoint's signature does not verify with key {signer}: the "
                       "checkpoint was altered or signed by another key") from None
    return signer


def bundled_key(bundle: dict) -> Ed25519PublicKey:
    text = field(bundle, "signer.ed25519", str)
    return public_key(text.encode(), "the bundle's signer.ed25519")


# --- the command ----------------------------------------------------------------------------

def verify(path: str, key_spec: str | None) -> list[str]:
    """Every check on one bundle; returns the lines that say what was verified."""
    bundle = load(path)
    key = given_key(key_spec) if key_spec else bundled_key(bundle)
    note, events = check_events(bundle)
    version, checkpoint = check_inclusion(bundle, events)
    signer = check_signature(bundle, checkpoint, key)
    reference = json.loads(events[0]["canonical"])[3].get("reference")
    lines = [
        f"note:       {reference or '(no reference)'} ({note})",
        f"events:     {len(events)}, versions 1 to {len(events)}, each in canonical form, "
        "matching its hash and linked to the one before",
        f"proven:     version {version} is leaf {bundle['proof']['leaf_index']} of the signed "
        f"tree, so versions 1 to {version} are as signed",
        f"checkpoint: {checkpoint['size']} events, root {checkpoint['root']}, "
        f"signed {checkpoint['time']}",
        f"signer:     key {signer}" + ("" if key_spec else
                                       " (the key inside the bundle: compare this id with the "
                                       "ledger's published key, or pass --key)"),
    ]
    if version < len(events):
        lines.append(f"note:       versions {version + 1} to {len(events)} are newer than the "
                     "checkpoint; only their chain links vouch for them")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Verify one bundle: print what was verified and exit 0, or what failed and exit 1."""
    parser = argparse.ArgumentParser(prog="notaledger-verify", description=(
        "Verify a notaledger proof bundle offline: the note's hash chain, its inclusion in "
        "the signed tree, and the checkpoint's Ed25519 signature."))
    parser.add_argument("bundle", help="the proof bundle (JSON)")
    parser.add_argument("--key", help="the ledger's public key: a PEM file, or its base64 "
                                      "or hex (default: the key inside the bundle)")
    arguments = parser.parse_args(argv)
    try:
        lines = verify(arguments.bundle, arguments.key)
    except Rejected as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    print("VERIFIED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
