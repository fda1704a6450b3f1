"""Command throughput through the application service, beside the bare library.

Ours: a realistic mix of nota commands (draft, sections, advised decisions, attachments,
consultations requested and answered, route, initials, submission, outcomes, decision),
each a load-check-save through ``Ledger``. Baseline: the bare ``eventsourcing``
Application on the same store in the same run, loading an aggregate and saving one event
of the same size per command. Chain verification in events/s beside reading the same
records without verifying.

    python -m bench.ledger [--notes N] [--stores sqlite,postgres]
"""

from __future__ import annotations

import argparse

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from adapters.eventstore import event_store_env
from bench.common import bare_env, machine, rate, report, store
from domain.actor import Actor
from domain.ledger import Ledger

DRAFTER = Actor("VRO", "drafter", key_id="k-bench", person_id="p-bench")
DECIDER = Actor("VRO", "decider", key_id="k-bench-d", person_id="p-minister")
MINISTRIES = ("SZW", "OCW", "JenV", "VWS")
TEXT = ("Met bijgaande Kamerbrief biedt u de Kamer de eindrapportage van de monitor SPUK "
        "Kansrijke Wijk eerste tranche aan. ") * 2


def note_life(ledger: Ledger, number: int) -> int:
    """One nota from draft to decision; returns the number of commands it took."""
    note = ledger.draft_note(DRAFTER, reference=f"2026-B{number:08d}", title="Kamerbrief",
                             kind="decision", date="2026-06-05", from_unit="NPLV",
                             to_official="MVRO", ministry="VRO", actively_public=True).id
    ledger.revise_section(note, DRAFTER, "aanleiding", TEXT)
    ledger.revise_section(note, DRAFTER, "kern", TEXT)
    ledger.add_advised_decision(note, DRAFTER, "Akkoord met de inhoud van de Kamerbrief.")
    ledger.add_advised_decision(note, DRAFTER, "Akkoord met verzending in de week van 29 juni.")
    ledger.add_attachment(note, DRAFTER, 2, "BRIEF: Aanbieding eindrapportage")
    for ministry in MINISTRIES:
        ledger.request_consultation(note, DRAFTER, ministry, "co_responsible")
    for ministry in MINISTRIES:
        ledger.answer_consultation(note, Actor(ministry, "consultee"), ministry, "agreed")
    ledger.set_paraph_route(note, DRAFTER, [{"role": "head of unit", "unit": "NPLV"}])
    ledger.start_review(note, DRAFTER)
    ledger.initial(note, DRAFTER, 0)
    ledger.submit_note(note, DRAFTER)
    ledger.record_outcome(note, DECIDER, 1, "approved")
    ledger.record_outcome(note, DECIDER, 2, "approved")
    ledger.decide_note(note, DECIDER)
    return 21


class Dossier(Aggregate):
    """The bare library's aggregate: one event per command, of a nota event's size."""

    @event("Opened")
    def __init__(self, text: str) -> None:
        self.texts = [text]

    @event("Changed")
    def change(self, actor: dict, text: str) -> None:
        self.texts.append(text)


def bare_life(app: Application, commands: int) -> None:
    dossier = Dossier(text=TEXT)
    app.save(dossier)
    actor = DRAFTER.to_dict()
    for _ in range(commands - 1):
        loaded = app.repository.get(dossier.id)
        loaded.change(actor, TEXT[:120])
        app.save(loaded)


def measure(kind: str, notes: int) -> list[str]:
    lines = []
    with store(kind) as ours_settings, store(kind) as bare_settings:
        ledger = Ledger(env=event_store_env(ours_settings))
        bare = Application(env=bare_env(bare_settings))
        bare_life(bare, 21)
        note_life(ledger, 10**7)  # warm up both before timing
        ours = rate(21 * notes, lambda: [note_life(ledger, n) for n in range(notes)])
        baseline = rate(21 * notes, lambda: [bare_life(bare, 21) for _ in range(notes)])
        lines.append(report(f"commands/s, nota mix, {kind}", ours, "cmd/s",
                            "bare eventsourcing", baseline, "≥ 0.7 of bare"))
        events = ledger.recorder.select_notifications(None, 10**9)
        read = rate(len(events), lambda: ledger.recorder.select_notifications(None, 10**9))
        verified = rate(len(events), lambda: ledger.verify())
        lines.append(report(f"chain verification events/s, {kind}", verified, "events/s",
                            "reading the same records", read, "≥ 50,000/s"))
        ledger.close()
        bare.close()
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(prog="bench.ledger")
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--stores", default="sqlite,postgres")
    arguments = parser.parse_args(argv)
    print(f"# ledger: {machine()}; {arguments.notes} notes x 21 commands", flush=True)
    lines = []
    for kind in arguments.stores.split(","):
        lines += measure(kind, arguments.notes)
    return lines


if __name__ == "__main__":
    main()
