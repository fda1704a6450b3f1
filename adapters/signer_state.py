"""The signer's memory in a file of its own directory, outside the database and its backups.

``NOTALEDGER_SIGNER_STATE_DIR`` (default ``var/signer``) holds ``state.json``: the last
checkpoint signed, replaced atomically (written beside it, fsynced, renamed, the directory
fsynced), so a crash leaves the old state or the new one, never half of either.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from domain.audit.signer import Remembered, SignerMemory
from domain.errors import InvalidInput

DEFAULT_STATE_DIR = "var/signer"
STATE_FILE = "state.json"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class FileSignerMemory(SignerMemory):
    """The last signed checkpoint, as JSON in one file."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / STATE_FILE

    def recall(self) -> Remembered | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            return Remembered.from_dict(json.loads(text))
        except (json.JSONDecodeError, AttributeError) as error:
            raise InvalidInput(f"the signer's state {self.path} is damaged: {error}") from None

    def remember(self, checkpoint: Remembered) -> None:
        data = json.dumps(checkpoint.to_dict(), indent=2, ensure_ascii=False) + "\n"
        write_atomically(self.path, data.encode("utf-8"))


def signer_memory_from_env(environ: Mapping[str, str] = os.environ) -> FileSignerMemory:
    """The signer's memory in ``NOTALEDGER_SIGNER_STATE_DIR``."""
    return FileSignerMemory(environ.get("NOTALEDGER_SIGNER_STATE_DIR", DEFAULT_STATE_DIR))
