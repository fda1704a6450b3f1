"""A witness's state: an append-only file of what it cosigned and the evidence it kept.

``log.jsonl`` holds one JSON record a line, each linked to the one before by a hash
(``hash = sha256(prev || the record's canonical JSON)``); ``head.json`` holds the number of
records and the last hash, signed with the witness's key, and is replaced atomically after
each append. At start the witness re-reads both: a changed, removed, reordered or
truncated record, a head that does not match, or a cosignature that is not its own, and it
refuses to start (``StateTampered``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from adapters.signer_state import write_atomically
from domain.audit.note import Note, Signature, cosignature_time
from domain.audit.signing import Signer
from domain.audit.witness import Alarm, Seen, WitnessState
from domain.errors import LedgerError

GENESIS = "0" * 64


class StateTampered(LedgerError):
    """The witness's own state file was changed behind its back."""


def _link(prev: str, record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(bytes.fromhex(prev) + canonical.encode()).hexdigest()


def _head_message(count: int, last: str) -> bytes:
    return f"notaledger witness head\n{count}\n{last}\n".encode()


class FileWitnessState(WitnessState):
    """The state in a directory of the witness's own."""

    def __init__(self, directory: str | Path, signer: Signer, name: str) -> None:
        self._dir = Path(directory)
        self._signer, self._name = signer, name
        self._log, self._head = self._dir / "log.jsonl", self._dir / "head.json"
        self._latest: Seen | None = None
        self._count, self._last = 0, GENESIS
        self.alarms = 0
        self._dir.mkdir(parents=True, exist_ok=True)
        self._load()

    # --- reading and checking what is there --------------------------------------------------

    def _load(self) -> None:
        records = self._records()
        prev = GENESIS
        for number, (record, stored) in enumerate(records, start=1):
            prev = self._check_record(number, record, stored, prev)
        self._check_head(len(records), prev)
        self._count, self._last = len(records), prev

    def _records(self) -> list[tuple[dict, str]]:
        if not self._log.exists():
            return []
        data = self._log.read_bytes()
        if data and not data.endswith(b"\n"):
            raise StateTampered(f"{self._log} ends in the middle of a record: it was truncated")
        found = []
        for number, line in enumerate(data.splitlines(), start=1):
            try:
                record = json.loads(line)
                stored = record.pop("hash")
            except (ValueError, KeyError, AttributeError, TypeError):
                raise StateTampered(f"{self._log} record {number} is not a record") from None
            found.append((record, stored))
        return found

    def _check_record(self, number: int, record: dict, stored: str, prev: str) -> str:
        if record.get("prev") != prev or _link(prev, record) != stored:
            raise StateTampered(f"{self._log} record {number} was changed, removed or moved")
        if record.get("kind") == "cosigned":
            seen = Seen(record["note"], record["cosignature"])
            line = Signature.parse(seen.cosignature.rstrip("\n"))
            if cosignature_time(Note.parse(seen.note).text, line, self._name,
                                self._signer.verifier()) is None:
                raise StateTampered(f"{self._log} record {number} holds a cosignature that is "
                                    "not this witness's")
            self._latest = seen
        else:
            self.alarms += 1
        return stored

    def _check_head(self, count: int, last: str) -> None:
        if not self._head.exists():
            if count:
                raise StateTampered(f"{self._head} is missing beside {count} record(s)")
            return
        try:
            head = json.loads(self._head.read_text())
            signature = base64.b64decode(head["signature"], validate=True)
            ok = self._signer.verifier().verify(_head_message(head["count"], head["last"]),
                                                signature)
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            raise StateTampered(f"{self._head} does not carry this witness's signature")
        if (head["count"], head["last"]) != (count, last):
            raise StateTampered(f"{self._log} holds {count} record(s) but the signed head says "
                                f"{head['count']}: records were removed or added")

    # --- appending -----------------------------------------------------------------------------

    def latest(self) -> Seen | None:
        return self._latest

    def cosigned(self, seen: Seen) -> None:
        self._append({"kind": "cosigned", **asdict(seen)})
        self._latest = seen

    def alarmed(self, alarm: Alarm) -> None:
        self._append({"kind": "alarm", **asdict(alarm)})
        self.alarms += 1

    def _append(self, record: dict) -> None:
        record = {**record, "prev": self._last}
        stored = _link(self._last, record)
        line = json.dumps({**record, "hash": stored}, ensure_ascii=False) + "\n"
        with open(self._log, "ab") as file:
            file.write(line.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        self._count, self._last = self._count + 1, stored
        signature = self._signer.sign(_head_message(self._count, stored))
        head = {"count": self._count, "last": stored,
                "signature": base64.b64encode(signature).decode("ascii")}
        write_atomically(self._head, (json.dumps(head) + "\n").encode())
