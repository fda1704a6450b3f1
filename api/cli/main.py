"""The ``notaledger`` command line: one subcommand module per concern."""

from __future__ import annotations

import argparse
import sys

from api.bootstrap import close_opened
from api.cli import audit as audit_commands
from api.cli import deliveries, imports, keys, serve, up, witness
from api.cli import ledger as ledger_commands
from api.cli import projections as projection_commands
from domain.errors import LedgerError

MODULES = (serve, up, imports, ledger_commands, projection_commands, keys, audit_commands,
           witness, deliveries)


def parser() -> argparse.ArgumentParser:
    """The argument parser with every module's subcommands."""
    root = argparse.ArgumentParser(prog="notaledger", description=(
        "The nota ledger: decision memos, consultations, commitments and motions as "
        "hash-chained events."))
    subcommands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in MODULES:
        module.register(subcommands)
    return root


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; refusals print a plain message and exit non-zero."""
    arguments = parser().parse_args(argv)
    try:
        return arguments.handler(arguments) or 0
    except LedgerError as error:
        print(f"notaledger: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head: the reader has what it wanted
        sys.stderr.close()
        return 0
    finally:
        close_opened()  # no pool left for the interpreter's exit to tear down


if __name__ == "__main__":
    sys.exit(main())
