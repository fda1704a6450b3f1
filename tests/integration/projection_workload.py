"""Many varied note lives, written fast: the domain's own aggregates, saved in bulk.

Each story is a note (with its commitments and motions) taken to a random stage of its
life by the aggregates' command methods, so every event is one the domain really
produces; only the saving is batched, so that tens of thousands of events take seconds.
"""

from __future__ import annotations

import random

from domain.actor import Actor
from domain.commitment import Commitment
from domain.motion import Motion
from domain.note import Note

MINISTRIES = ("BZK", "VRO", "SZW", "OCW", "JenV", "VWS", "FIN", "EZ", "IenW", "DEF")
DEADLINES = ("voor zomer 2026", "voor het zomerreces", "Q3 2026", "eind 2026", "in 2027",
             "na de zomer", "in de week van 29 juni", "binnenkort", "1 maart 2026")
PARTIES = (("Grinwis", "CU"), ("Moorman", "PRO"), ("van Asten", "D66"), ("Armut", "CDA"),
           ("Eerdmans", "JA21"), ("Bikker", "CU"))
STAGES = ("draft", "consulting", "in_review", "returned", "submitted", "decided", "sent",
          "published", "withdrawn")


class Story:
    """One note's life, told to its aggregates."""

    def __init__(self, rng: random.Random, tag: str, number: int) -> None:
        self.rng, self.number = rng, number
        self.ministry = rng.choice(MINISTRIES)
        self.drafter = Actor(self.ministry, "drafter", key_id="k-d",
                             person_id=f"p-drafter-{rng.randrange(40)}")
        self.minister = Actor(self.ministry, "decider", person_id=f"p-minister-{self.ministry}")
        self.clerk = Actor(self.ministry, "registrar", person_id="p-clerk")
        self.note = Note.draft(
            self.drafter, reference=f"{tag}-{number:07d}",
            title=f"Nota {number} over {rng.choice(['wonen', 'zorg', 'onderwijs', 'water'])}",
            kind="decision", date="2026-06-05", from_unit="DG", to_official="M",
            ministry=self.ministry, actively_public=rng.random() < 0.7,
            drafted_by=[f"p-drafter-{rng.randrange(40)}" for _ in range(rng.randint(1, 3))],
            collaborating=rng.sample(MINISTRIES, rng.randint(0, 2)))
        self.others: list = []
        self.consulted = [m for m in rng.sample(MINISTRIES, rng.randint(1, 4))
                          if m != self.ministry]

    def aggregates(self) -> list:
        return [self.note, *self.others]

    def tell(self) -> None:
        stage = self.rng.choice(STAGES)
        self._draft()
        if stage == "draft":
            if self.rng.random() < 0.6:
                self._consult(answered=0.0)
            return
        self._consult(answered=0.5 if stage == "consulting" else 1.0)
        if stage == "consulting":
            return
        if stage == "withdrawn":
            self.note.withdraw(self.drafter, "overtaken by events")
            return
        self._review(refuse=stage == "returned")
        if stage in ("in_review", "returned"):
            return
        self._decide(stage)

    def _draft(self) -> None:
        note, rng = self.note, self.rng
        for n in range(rng.randint(1, 3)):
            note.revise_section(self.drafter, rng.choice(["aanleiding", "kern", "advies"]),
                                f"Tekst {n} van nota {self.number}. " * rng.randint(1, 8))
        for n in range(rng.randint(1, 3)):
            note.add_advised_decision(self.drafter, f"Akkoord met punt {n + 1}.")
        for n in range(rng.randint(0, 3)):
            note.add_attachment(self.drafter, n + 2, f"BIJLAGE {n + 1}")
        for n in range(rng.randint(0, 2)):
            self._commitment(n)
        if rng.random() < 0.4:
            self._motion()

    def _commitment(self, n: int) -> None:
        name, party = self.rng.choice(PARTIES)
        commitment = Commitment.register(
            self.clerk, text=f"toezegging {n} bij nota {self.number}",
            minister=f"de minister van {self.ministry}", ministry=self.ministry,
            recipients=[{"name": name, "party": party}], debate_kind="commissiedebat",
            debate_date="2026-04-08", debate_title=self.rng.choice(["Wonen", "Zorg"]),
            deadline=self.rng.choice(DEADLINES))
        self.note.link_commitment(self.drafter, commitment.id)
        commitment.link_note(self.drafter, self.note.id, self.note.reference)
        self.others.append(commitment)

    def _motion(self) -> None:
        name, party = self.rng.choice(PARTIES)
        motion = Motion.submit(
            self.clerk, text=f"verzoekt de regering iets bij nota {self.number}",
            submitters=[{"name": name, "party": party}], debate_kind="tweeminutendebat",
            debate_date="2026-06-03", case_number=f"{self.note.reference}-M",
            ministry=self.ministry)
        if self.rng.random() < 0.5:
            motion.hold(self.clerk)
        else:
            motion.take_over(self.clerk, by=f"de minister van {self.ministry}")
        self.note.link_motion(self.drafter, motion.id)
        motion.link_note(self.drafter, self.note.id, self.note.reference)
        self.others.append(motion)

    def _consult(self, answered: float) -> None:
        note, rng = self.note, self.rng
        for org in self.consulted:
            note.request_consultation(self.drafter, org,
                                      rng.choice(["co_responsible", "consulted"]),
                                      reply_by=rng.choice(["2026-06-19", "2026-07-01", None]))
        for org in self.consulted:
            if rng.random() < answered:
                note.answer_consultation(Actor(org, "consultee", person_id=f"p-{org}"), org,
                                         rng.choice(["agreed", "disagreed"]))
        if answered == 1.0 and self.consulted and rng.random() < 0.3:
            note.revise_title(self.drafter, note.title + " (herzien)")  # reopens answers
            for org in self.consulted:
                note.answer_consultation(Actor(org, "consultee"), org, "agreed")

    def _review(self, refuse: bool) -> None:
        note = self.note
        note.set_paraph_route(self.drafter, [{"role": "head of unit", "unit": "A"},
                                             {"role": "director", "unit": "DG"}])
        note.start_review(self.drafter)
        note.initial(Actor(self.ministry, "drafter", person_id="p-head"), 0)
        if refuse:
            note.refuse_initial(Actor(self.ministry, "drafter", person_id="p-dir"), 1, "nee")
            return
        note.initial(Actor(self.ministry, "drafter", person_id="p-dir"), 1)

    def _decide(self, stage: str) -> None:
        note = self.note
        note.submit(self.drafter)
        if stage == "submitted":
            return
        for item in sorted(note.advised):
            note.record_outcome(self.minister, item, self.rng.choice(["approved", "discussed"]))
        note.decide(self.minister)
        if stage == "decided":
            return
        note.plan_letter(self.drafter, "in de week van 29 juni")
        note.sign_letter(self.minister)
        self._send()
        if stage == "published" and note.actively_public:
            note.register_letter(self.clerk, f"32847-{self.number}")
            note.publish(self.drafter)

    def _send(self) -> None:
        """As the ledger does: the letter settles what it is linked to, in the same save."""
        self.note.send_letter(self.drafter, "TK")
        for other in self.others:
            if isinstance(other, Commitment) and other.status in ("open", "partially_fulfilled"):
                other.fulfil_by_letter(self.drafter, self.note.id, self.note.reference, "TK")
            if isinstance(other, Motion) and other.status in ("adopted", "taken_over"):
                other.report_execution(self.drafter, self.note.id, self.note.reference, "TK")


def write_stories(ledger, events: int, seed: int = 1, tag: str = "W",
                  per_save: int = 50) -> int:
    """Record stories until at least ``events`` events are in the log; returns how many."""
    rng = random.Random(seed)
    written, number = 0, 0
    while written < events:
        pending = []
        for _ in range(per_save):
            story = Story(rng, tag, number)
            story.tell()
            number += 1
            pending += story.aggregates()
        written += sum(len(a.pending_events) for a in pending)
        ledger.save(*pending)
    return written
