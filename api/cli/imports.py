"""``notaledger import`` and ``notaledger demo``: documents become history."""

from __future__ import annotations

import json
from pathlib import Path

from api.bootstrap import bootstrap
from api.cli.demo import load_demo, settled_lines, trail_lines
from api.cli.import_files import documents_in, import_one
from api.cli.import_report import print_one, print_table, progress


def register(subcommands) -> None:
    command = subcommands.add_parser(
        "import", help="record notas from their documents (.docx, .pdf, .md, .txt; a folder "
                       "at a time)")
    command.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                         help="a document, or a folder of them")
    command.add_argument("--ministry", help="the owning ministry's code, e.g. VRO, BZK, IenW "
                         "(default: read from each document: its addressee, letterhead or "
                         "reference)")
    command.add_argument("--dry-run", action="store_true",
                         help="run every check and say what would be recorded; record nothing")
    command.add_argument("--json", action="store_true", help="print the results as JSON")
    command.set_defaults(handler=run_import)

    demo = subcommands.add_parser("demo", help="import a nota (the seed when ../shared/seeds "
                                               "has it, else the example nota), play the rest "
                                               "of its life, and print its audit trail")
    demo.add_argument("--seed", type=Path, help="the nota to import instead")
    demo.set_defaults(handler=run_demo)


def run_import(arguments) -> int:
    """Each document imported all or nothing; a table (or JSON) of what became of each."""
    files, missing = documents_in(arguments.paths)
    with bootstrap() as services:
        ledger = None if arguments.dry_run else services.ledger
        results = [*missing]
        with progress(len(files), enabled=len(files) > 1 and not arguments.json) as advance:
            for path in files:
                results.append(import_one(path, arguments.ministry, ledger, services.persons))
                advance(path.name)
    _report(results, arguments)
    return 2 if any(result["status"] == "refused" for result in results) else 0


def _report(results: list[dict], arguments) -> None:
    """JSON for machines, else one document's story or the closing table."""
    if arguments.json:
        print(json.dumps({"dry_run": arguments.dry_run, "files": results,
                          "summary": _summary(results)}, indent=2, ensure_ascii=False))
    elif len(results) == 1 and not any(path.is_dir() for path in arguments.paths):
        print_one(results[0])
    else:
        print_table(results, arguments.dry_run)


def _summary(results: list[dict]) -> dict:
    """How many documents ended in each status."""
    counts: dict[str, int] = {}
    for result in results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts


def run_demo(arguments) -> int:
    with bootstrap() as services:
        ledger, persons = services.ledger, services.persons
        note = load_demo(ledger, persons, arguments.seed)
        state = ledger.note(note)
        print(f"note {state['reference']}: {state['status']}, version {state['version']}")
        print("\n".join(trail_lines(ledger, note, persons)))
        print("what the letter settled:")
        print("\n".join(settled_lines(ledger, note)))
        report = ledger.verify()
    print(f"{report.events} events in {report.aggregates} chains: "
          + ("all verify" if report.ok else f"{len(report.breaks)} broken"))
    return 0 if report.ok else 1


