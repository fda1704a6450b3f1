"""The bench's own machinery: figures judged against their aims, the summary table, and
the generator that grows a store for bench.growth (its events must be a real log)."""

from __future__ import annotations

import pytest

from adapters.eventstore import event_store_env
from bench import common
from bench.common import Figure, report, summary
from bench.growth import EVENTS_PER_LIFE, life
from bench.ledger import DRAFTER
from domain.errors import LedgerError
from domain.ledger import Ledger


def test_a_figure_is_judged_by_its_ratio_or_by_what_the_bench_says(monkeypatch, capsys):
    monkeypatch.setattr(common, "FIGURES", [])
    report("rate", 60, "cmd/s", "bare", 100, "≥ 0.6 of bare", at_least=0.6)
    report("rate", 59, "cmd/s", "bare", 100, "≥ 0.6 of bare", at_least=0.6)
    report("p99", 12.0, "ms", "floor", 3.0, "< 10 ms", met=False, digits=1)
    report("latency", 1.05, "ms", "empty", 1.0, "≤ 1.1", at_most=1.1, digits=2)
    report("memory", 90, "MiB", "reading", 62)

    assert [f.met for f in common.FIGURES] == [True, False, False, True, None]
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("(aim: ≥ 0.6 of bare: met)")
    assert printed[1].endswith("(aim: ≥ 0.6 of bare: MISSED)")
    assert "12.0 ms" in printed[2] and printed[4].endswith("ratio 1.45")


def test_the_summary_has_a_row_per_figure_with_baseline_ratio_aim_and_verdict():
    table = summary([Figure("GET p99", 4.2, "ms", "healthz", 2.1, "< 10 ms", True),
                     Figure("POST", 300, "cmd/s", "bare", 600, "≥ 0.6", False),
                     Figure("RSS", 90, "MiB", "reading", 62)]).splitlines()

    assert table[0].split() == ["figure", "value", "baseline", "ratio", "aim", "met?"]
    assert set(table[1]) <= {"-", " "}
    assert "healthz: 2.10" in table[2] and "2.00" in table[2] and table[2].endswith("yes")
    assert "0.50" in table[3] and table[3].endswith("NO")
    assert table[4].endswith("—") and "1.45" in table[4]


def test_the_generated_lives_are_a_log_the_ledger_verifies_and_goes_on_from(tmp_path):
    ledger = Ledger(env=event_store_env({"NOTALEDGER_STORE": "sqlite",
                                         "NOTALEDGER_SQLITE_PATH": str(tmp_path / "e.sqlite")}))
    try:
        notes = [life(number, "t") for number in range(3)]
        ledger.recorder.insert_events([ledger.mapper.to_stored_event(event) for note in notes
                                       for event in note.collect_events()])

        verdict = ledger.verify()
        assert verdict.ok and verdict.events == 3 * EVENTS_PER_LIFE
        assert verdict.aggregates == 3
        assert ledger.note(notes[1].id)["status"] == "decided"
        with pytest.raises(LedgerError, match="decided"):  # loaded from the seeded events
            ledger.revise_title(notes[1].id, DRAFTER, "Te laat")
        saved = ledger.plan_letter(notes[2].id, DRAFTER, "in de week van 29 juni")
        assert saved.version == EVENTS_PER_LIFE + 1
        assert ledger.verify().ok  # the chain goes on from the seeded head
    finally:
        ledger.close()
