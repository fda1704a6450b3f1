"""``python -m bench.importer``: the parser's precision and recall per field, against the
hand annotations in tests/data/annotations (the seed and corpus from ../shared, and the
project's own example and layout variants).

    python -m bench.importer [--shared DIR] [--misses] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from adapters.importer import ParsedNota, parse_nota
from adapters.importer.documents import document_text
from bench.accuracy import FIELDS, Score, score
from bench.common import report

REPOSITORY = Path(__file__).resolve().parents[1]
ANNOTATIONS = REPOSITORY / "tests" / "data" / "annotations"
SHARED = Path(os.environ.get("NOTALEDGER_TEST_SHARED", REPOSITORY.parent / "shared"))


def members(names_and_parties, several: bool = False) -> list[str]:
    """Members as the annotations write them: 'Name (Party)', 'Name', '(Party)'."""
    written = [" ".join(filter(None, (name, f"({party})" if party else None)))
               for name, party in names_and_parties]
    return written + (["meerdere Kamerleden"] if several else [])


def found_in(parsed: ParsedNota) -> dict:
    """A parse in the annotations' own terms."""
    return {
        "reference": parsed.reference, "title": parsed.title, "date": parsed.date,
        "kind": parsed.kind, "from": parsed.from_, "to": parsed.to, "owner": parsed.owner,
        "drafted_by": parsed.drafted_by_count, "collaborating": list(parsed.collaborated_with),
        "advised_decisions": list(parsed.advised_decisions),
        "sections": [name for name, _ in parsed.sections],
        "attachments": [[item.number, item.name] for item in parsed.attachments],
        "consultations": list(parsed.consulted), "co_senders": list(parsed.co_senders),
        "commitments": [{
            "text": item.text, "members": members(item.recipients, item.to_several_members),
            "debate": [item.debate_kind, item.debate_date] if item.debate_kind else None,
            "deadline": item.deadline_text, "relation": item.relation}
            for item in parsed.commitments],
        "motions": [{"text": item.text, "members": members(item.submitters),
                     "date": item.debate_date, "status": item.state} for item in parsed.motions],
    }


def document(annotation: dict, shared: Path) -> Path:
    """The file an annotation describes: 'shared:…' beside the repository, 'repo:…' in it."""
    place, _, path = annotation["document"].partition(":")
    return (shared if place == "shared" else REPOSITORY) / path


def measure(shared: Path) -> tuple[dict[str, Score], list[str]]:
    """Scores per set ('corpus': seed and corpus; 'own': example and variants), and what was
    skipped."""
    sets, skipped = {"corpus": Score(), "own": Score()}, []
    for path in sorted(ANNOTATIONS.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        source = document(annotation, shared)
        if not source.exists():
            skipped.append(f"{path.name}: {source} is not here")
            continue
        parsed = parse_nota(document_text(source.read_bytes()))
        which = "corpus" if annotation["document"].startswith("shared:") else "own"
        sets[which].add(score(path.stem, annotation, found_in(parsed)))
    return sets, skipped


def table(name: str, result: Score) -> list[str]:
    """One set's figures: a line per field and the overall."""
    lines = [f"{name}", f"  {'field':<24} {'precision':>9} {'recall':>7}   tp  fp  fn"]
    for field in (*FIELDS, "overall"):
        tally = result.overall() if field == "overall" else result.fields[field]
        lines.append(f"  {field:<24} {tally.precision:>9.3f} {tally.recall:>7.3f} "
                     f"{tally.tp:>4} {tally.fp:>3} {tally.fn:>3}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.importer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="the shared folder with the seed and corpus (default: ../shared)")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args(argv)
    sets, skipped = measure(arguments.shared)
    if arguments.json:
        print(json.dumps({name: {field: {"precision": round(t.precision, 4),
                                         "recall": round(t.recall, 4), "tp": t.tp,
                                         "fp": t.fp, "fn": t.fn}
                                 for field, t in {**result.fields,
                                                  "overall": result.overall()}.items()}
                          for name, result in sets.items()} | {"skipped": skipped}, indent=2))
        return 0
    for name, result in sets.items():
        print("\n".join(table(name, result)))
        overall = result.overall()
        if overall.tp + overall.fp + overall.fn:
            for measure_name, value in (("precision", overall.precision),
                                        ("recall", overall.recall)):
                report(f"importer {name}: {measure_name}, all fields", value, "",
                       "hand annotations", 1.0, "1.000", at_least=1.0, digits=3)
        if arguments.misses:
            print("\n".join(f"  miss: {miss}" for miss in result.misses))
    for line in skipped:
        print(f"skipped {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
