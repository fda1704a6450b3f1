"""Run every benchmark: ``python -m bench [--quick] [--full] [NAME ...]``.

Each prints its figures beside a baseline measured in the same run, and the run ends with
a table of every figure: its baseline, the ratio, the aim and whether it was met.
``--quick`` runs the small sizes (minutes, not an hour); ``--full`` adds the long
variants (5M events in ``growth``); the figures in BENCHMARKS.md come from the default
sizes. A suite that fails is reported and the others still run; the exit status says so.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback

from bench.common import FIGURES, machine, summary

# name: (default arguments, --quick arguments, --full extra arguments)
SUITES = {
    "ledger": ([], ["--notes", "40"], []),
    "groupcommit": ([], ["--seconds", "3", "--aggregates", "20", "--soak-clients", "16",
                         "--soak-commands", "50"], []),
    "audit": ([], ["--events", "10000", "--samples", "50", "--growth", "20000"], ["--full"]),
    "projections": ([], ["--events", "20000", "--growth", "20000"], ["--full"]),
    "api": ([], ["--seconds", "4"], []),
    "profile": ([], ["--requests", "300"], []),
    "growth": ([], ["--sizes", "0,100000", "--rounds", "2", "--notes", "10"], ["--full"]),
    "witness": ([], ["--events", "10000", "--batch", "2000"], []),
    "importer": ([], [], []),
    "load": ([], ["--seconds", "120"], []),
    "faults": ([], ["--outage", "8", "--warm", "3", "--after", "5"], []),
    "streams": ([], ["--streams", "300", "--events", "10"], []),
    "web": ([], ["--requests", "50"], []),
    "deliveries": ([], ["--seconds", "3"], ["--outage", "30"]),
    "public_registers": ([], ["--sizes", "5000,20000", "--requests", "10"], []),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help=f"which of {', '.join(SUITES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--full", action="store_true", help="the long variants too")
    arguments = parser.parse_args()
    unknown = set(arguments.names) - set(SUITES)
    if unknown:
        parser.error(f"no benchmark named {', '.join(sorted(unknown))}")
    print(f"# python -m bench on {machine()} · load average {os.getloadavg()[0]:.1f}",
          flush=True)
    failed = []
    for name in arguments.names or SUITES:
        default, quick, full = SUITES[name]
        argv = (quick if arguments.quick else default) + (full if arguments.full else [])
        print(f"\n## {name} {' '.join(argv)}".rstrip(), flush=True)
        started = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").main(argv)
        except (Exception, SystemExit) as error:  # one suite failing stops no other
            if isinstance(error, SystemExit) and error.code in (0, None):
                continue
            traceback.print_exc()
            failed.append(name)
        print(f"# {name}: {time.perf_counter() - started:,.0f} s", flush=True)
    print(f"\n## summary · load average {os.getloadavg()[0]:.1f}\n{summary()}", flush=True)
    missed = [figure.name for figure in FIGURES if figure.met is False]
    if missed:
        print(f"# aims missed: {len(missed)} of {sum(f.met is not None for f in FIGURES)}")
    if failed:
        print(f"# suites that failed: {', '.join(failed)}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
