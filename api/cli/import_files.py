"""One document imported (or rehearsed, in a dry run) into a plain result per file."""

from __future__ import annotations

from pathlib import Path

from adapters.nota_import import Prepared, plan, prepare, rehearse
from domain.actor import Actor
from domain.errors import LedgerError
from domain.importing import ImportRefused

SUFFIXES = (".docx", ".pdf", ".md", ".txt")


def documents_in(paths: list[Path]) -> tuple[list[Path], list[dict]]:
    """(the documents these paths name, folders read for their documents; results for paths
    that are not there)."""
    files, missing = [], []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(found for found in path.rglob("*")
                                if found.is_file() and found.suffix.lower() in SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            missing.append(refused(path, "unreadable", f"cannot read {path}: no such file or "
                                                       "folder"))
    return files, missing


def import_one(path: Path, ministry: str | None, ledger, persons) -> dict:
    """What became of one document: recorded, unchanged, would_record (dry run) or refused."""
    try:
        prepared = prepare(path.read_bytes(), path.name, ministry, persons)
        if ledger is None:
            rehearse(prepared)
            return {**_described(path, prepared, ministry), "status": "would_record",
                    "plan": plan(prepared), "nota": prepared.parsed.to_dict()}
        importer = Actor(prepared.note.ministry, "importer", key_id="cli")
        result = ledger.import_note(importer, prepared.note)
    except OSError as error:
        return refused(path, "unreadable", f"cannot read {path}: {error.strerror}")
    except ImportRefused as error:
        return refused(path, error.reason, str(error))
    except LedgerError as error:
        return refused(path, type(error).__name__, str(error))
    return {**_described(path, prepared, ministry), "status": result.status,
            "note_id": str(result.note_id), "version": result.version, "events": result.events,
            "commitments": len(result.commitments), "motions": len(result.motions)}


def _described(path: Path, prepared: Prepared, given: str | None) -> dict:
    """What every result of a read document says: which note, whose, and the warnings."""
    chosen = "given with --ministry" if given else f"read from {prepared.parsed.owner_source}"
    return {"file": str(path), "reference": prepared.note.reference,
            "ministry": prepared.note.ministry, "ministry_source": chosen,
            "warnings": list(prepared.warnings)}


def refused(path: Path, reason: str, message: str) -> dict:
    """The result of a document that was not imported, and why."""
    return {"file": str(path), "status": "refused", "reason": reason, "message": message,
            "warnings": []}
