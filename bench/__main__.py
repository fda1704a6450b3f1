"""Run every benchmark: ``python -m bench [--quick] [NAME ...]``.

Each prints its figures beside a baseline measured in the same run. ``--quick`` runs the
small sizes (minutes, not an hour); the figures in BENCHMARKS.md come from the full run.
"""

from __future__ import annotations

import argparse
import importlib

SUITES = {
    "ledger": ([], ["--notes", "40"]),
    "audit": ([], ["--events", "10000", "--samples", "50"]),
    "projections": ([], ["--events", "20000"]),
    "api": ([], ["--seconds", "4"]),
    "load": ([], ["--seconds", "120"]),
    "faults": ([], ["--outage", "8", "--warm", "3", "--after", "5"]),
    "streams": ([], ["--streams", "300", "--events", "10"]),
    "web": ([], ["--requests", "50"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"which of {', '.join(SUITES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="small sizes")
    arguments = parser.parse_args()
    unknown = set(arguments.names) - set(SUITES)
    if unknown:
        parser.error(f"no benchmark named {', '.join(sorted(unknown))}")
    for name in arguments.names or SUITES:
        full, quick = SUITES[name]
        module = importlib.import_module(f"bench.{name}")
        module.main(quick if arguments.quick else full)


if __name__ == "__main__":
    main()
