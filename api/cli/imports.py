"""``notaledger import`` and ``notaledger demo``: documents become history."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from adapters.importer import ImportRefused
from adapters.nota_import import plan, prepare
from api.bootstrap import build_ledger, build_persons
from api.cli.demo import load_demo, trail_lines
from domain.actor import Actor


def register(subcommands) -> None:
    command = subcommands.add_parser("import", help="record a nota from its text (Markdown or "
                                                    "plain text)")
    command.add_argument("file", type=Path)
    command.add_argument("--ministry", required=True,
                         help="the owning ministry's code, e.g. VRO, BZK, IenW")
    command.add_argument("--dry-run", action="store_true",
                         help="print what would be recorded and record nothing")
    command.add_argument("--json", action="store_true", help="print the result as JSON")
    command.set_defaults(handler=run_import)

    demo = subcommands.add_parser("demo", help="import the seed nota, play the rest of its "
                                               "life, and print its audit trail")
    demo.add_argument("--seed", type=Path, help="another seed file")
    demo.set_defaults(handler=run_demo)


def run_import(arguments) -> int:
    try:
        raw = arguments.file.read_bytes()
        prepared = prepare(raw, arguments.file.name, arguments.ministry, build_persons())
    except OSError as error:
        print(f"notaledger: cannot read {arguments.file}: {error.strerror}", file=sys.stderr)
        return 2
    except ImportRefused as refused:
        print(f"notaledger: {refused}", file=sys.stderr)
        return 2
    if arguments.dry_run:
        print("\n".join(plan(prepared)))
        print("dry run: nothing recorded")
        return 0
    actor = Actor(prepared.note.ministry, "importer", key_id="cli")
    result = build_ledger().import_note(actor, prepared.note)
    if arguments.json:
        print(json.dumps({"note_id": str(result.note_id), "status": result.status,
                          "version": result.version, "events": result.events,
                          "warnings": list(prepared.warnings)}, indent=2))
    elif result.status == "unchanged":
        print(f"note {prepared.note.reference} was imported from this same text before; "
              "nothing new recorded")
    else:
        print(f"recorded note {prepared.note.reference}: {result.events} events, "
              f"{len(result.commitments)} commitments, {len(result.motions)} motions")
        for warning in prepared.warnings:
            print(f"warning: {warning}")
    return 0


def run_demo(arguments) -> int:
    ledger, persons = build_ledger(), build_persons()
    note = load_demo(ledger, persons, arguments.seed)
    state = ledger.note(note)
    print(f"note {state['reference']}: {state['status']}, version {state['version']}")
    print("\n".join(trail_lines(ledger, note, persons)))
    report = ledger.verify()
    print(f"{report.events} events in {report.aggregates} chains: "
          + ("all verify" if report.ok else f"{len(report.breaks)} broken"))
    return 0 if report.ok else 1
