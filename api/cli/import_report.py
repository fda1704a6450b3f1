"""How an import tells its story: a progress bar, one document's lines, the closing table."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STATUS_WORDS = {"recorded": "imported", "unchanged": "unchanged", "would_record": "would import",
                "refused": "refused"}


@contextmanager
def progress(total: int, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr while documents are read; yields 'one more done'."""
    if not enabled:
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("", total=total)
        yield lambda name: bar.update(task, advance=1, description=name)


def print_one(result: dict) -> None:
    """One document's result as the lines a person reads; a refusal on stderr."""
    if result["status"] == "refused":
        print(f"notaledger: {result['message']}", file=sys.stderr)
        return
    print(f"ministry {result['ministry']} ({result['ministry_source']})")
    if result["status"] == "would_record":
        print("\n".join(result["plan"]))
        print("dry run: nothing recorded")
    elif result["status"] == "unchanged":
        print(f"note {result['reference']} was imported from this same text before; "
              "nothing new recorded")
    else:
        print(f"recorded note {result['reference']}: {result['events']} events, "
              f"{result['commitments']} commitments, {result['motions']} motions")
        for warning in result["warnings"]:
            print(f"warning: {warning}")


def print_table(results: list[dict], dry_run: bool) -> None:
    """The closing table: per file what became of it, why, and how many warnings."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="dry run: nothing recorded" if dry_run else "import")
    for column in ("file", "result", "note", "ministry", "reason", "warnings"):
        table.add_column(column, overflow="fold")
    for result in results:
        table.add_row(Path(result["file"]).name, STATUS_WORDS[result["status"]],
                      result.get("reference", ""), result.get("ministry", ""),
                      result.get("message", ""), str(len(result["warnings"])))
    Console(soft_wrap=False, width=_width()).print(table)


def _width() -> int | None:
    """The terminal's width, or a wide table when the output is not a terminal."""
    return None if sys.stdout.isatty() else 160
