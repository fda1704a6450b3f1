"""The people of a ministry at work, as HTTP clients: the realistic mix of the load run.

- drafters (VRO) draft a note, write its first section and two advised decisions, ask
  SZW (co-responsible) and OCW or JenV (consulted), set a two-step paraph route; once
  every answer is in, they start the route, have it initialled, plan the letter and
  submit the note;
- consultees (SZW, OCW, JenV) read their inbox and answer the oldest consultation;
- the minister's office (VRO decider) lists submitted notes and decides each point;
- the registrar (VRO) registers commitments and reads the commitment and motion
  registers;
- SSE subscribers (an auditor and the consultees) follow /events.
"""

from __future__ import annotations

import random
import threading
import uuid

from bench.traffic import Answer, Client

CONSULTEES = ("SZW", "OCW", "JenV")
ROUTE = {"steps": [{"role": "head of unit", "unit": "NPLV"},
                   {"role": "director", "unit": "DGVRO"}]}
DEBATE = {"debateKind": "commissiedebat", "debateDate": "2026-04-08",
          "debateTitle": "Leefbaarheid en Veiligheid"}


class Mix:
    """Runs every actor in its own thread until stopped; answers are recorded as they come."""

    def __init__(self, stack, drafters: int = 3, think: float = 0.05) -> None:
        self.stack, self.drafters, self.think = stack, drafters, think
        self.answers: list[Answer] = []
        self.committed: dict[int, float] = {}  # log position -> when its command was answered
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def client(self, organisation: str, role: str, person: str | None = None) -> Client:
        if person:
            self.stack.person(person, organisation, role)
        return Client(self.stack.api_url, self.stack.token(organisation, role), timeout=30,
                      person=person)

    def record(self, answer: Answer) -> Answer:
        with self._lock:
            self.answers.append(answer)
            if answer.ok and isinstance(answer.body, dict) and answer.body.get("position"):
                self.committed[answer.body["position"]] = answer.at + answer.seconds
        return answer

    def start(self) -> Mix:
        actors = [(self._drafter, number) for number in range(self.drafters)]
        actors += [(self._consultee, org) for org in CONSULTEES]
        actors += [(self._decider,), (self._registrar,)]
        for target, *args in actors:
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _pause(self, factor: float = 1.0) -> None:
        self._stopping.wait(self.think * factor * random.uniform(0.5, 1.5))

    def _post(self, client: Client, op: str, path: str, body: dict | None = None) -> Answer:
        return self.record(client.post(op, path, body))

    def _get(self, client: Client, op: str, path: str) -> Answer:
        return self.record(client.get(op, path))

    # --- the actors ----------------------------------------------------------------------

    def _drafter(self, number: int) -> None:
        me = self.client("VRO", "drafter", f"p-drafter-{number}")
        head = self.client("VRO", "drafter", "p-head-nplv")
        director = self.client("VRO", "drafter", "p-director-dgvro")
        waiting: list[str] = []
        while not self._stopping.is_set():
            if waiting and random.random() < 0.5:
                ref = waiting.pop(0)
                if not self._finish(me, head, director, ref):
                    waiting.append(ref)
            else:
                ref = self._draft(me)
                if ref:
                    waiting.append(ref)
            self._get(me, "list own notes", "/v1/notes?owner=VRO&status=draft&limit=20")
            self._pause()

    def _draft(self, me: Client) -> str | None:
        ref = f"2026-L{uuid.uuid4().hex[:10]}"
        drafted = self._post(me, "draft note", "/v1/notes", {
            "reference": ref, "title": "Kamerbrief over de voortgang", "kind": "decision",
            "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
            "activelyPublic": True, "collaborating": ["SZW"]})
        if not drafted.ok:
            return None
        self._post(me, "revise section", f"/v1/notes/{ref}/sections/aanleiding/revise",
                   {"text": "Met bijgaande Kamerbrief informeert u de Kamer. " * 20})
        for text in ("Akkoord met de inhoud van de Kamerbrief.",
                     "Akkoord met verzending in de week van 29 juni."):
            self._post(me, "add advised decision", f"/v1/notes/{ref}/advised-decisions/add",
                       {"text": text})
        for org, role in (("SZW", "co_responsible"), (random.choice(CONSULTEES[1:]),
                                                       "consulted")):
            self._post(me, "request consultation", f"/v1/notes/{ref}/consultations/{org}/request",
                       {"role": role, "due": "2026-06-19"})
        self._post(me, "set paraph route", f"/v1/notes/{ref}/paraph-route/set", ROUTE)
        return ref

    def _finish(self, me: Client, head: Client, director: Client, ref: str) -> bool:
        """Initial and submit the note once every consultation is answered."""
        note = self._get(me, "read note", f"/v1/notes/{ref}")
        consultations = (note.body or {}).get("consultations") or {}
        if not note.ok or any(c.get("status") != "answered" for c in consultations.values()):
            return False
        self._post(me, "start paraph route", f"/v1/notes/{ref}/paraph-route/start")
        self._post(head, "initial", f"/v1/notes/{ref}/paraph-route/0/initial")
        self._post(director, "initial", f"/v1/notes/{ref}/paraph-route/1/initial")
        self._post(me, "plan letter", f"/v1/notes/{ref}/letter/plan",
                   {"planned": "in de week van 29 juni"})
        self._post(me, "submit note", f"/v1/notes/{ref}/submit")
        return True

    def _consultee(self, organisation: str) -> None:
        me = self.client(organisation, "consultee")
        answered: set[str] = set()
        while not self._stopping.is_set():
            inbox = self._get(me, "read inbox", f"/v1/organisations/{organisation}/inbox?limit=20")
            items = [i for i in (inbox.body or {}).get("items", [])
                     if i["reference"] not in answered]
            if items:
                ref = items[0]["reference"]
                answered.add(ref)
                outcome = random.choice(("agreed", "agreed", "agreed_with_remarks"))
                self._post(me, "answer consultation",
                           f"/v1/notes/{ref}/consultations/{organisation}/answer",
                           {"outcome": outcome, "remarks": "Graag de cijfers actualiseren."
                            if outcome == "agreed_with_remarks" else ""})
            self._pause(1 if items else 4)

    def _decider(self) -> None:
        me = self.client("VRO", "decider", "p-minister-vro")
        decided: set[str] = set()
        while not self._stopping.is_set():
            listed = self._get(me, "list submitted notes",
                               "/v1/notes?status=submitted&owner=VRO&limit=20")
            notes = [n for n in (listed.body or {}).get("items", [])
                     if n["reference"] not in decided]
            for note in notes[:1]:
                ref = note["reference"]
                decided.add(ref)
                for number in (1, 2):
                    self._post(me, "decide advised decision",
                               f"/v1/notes/{ref}/advised-decisions/{number}/decide",
                               {"outcome": "approved"})
                self._post(me, "decide note", f"/v1/notes/{ref}/decide")
            self._pause(2 if notes else 8)

    def _registrar(self) -> None:
        me = self.client("VRO", "registrar", "p-clerk-vro")
        while not self._stopping.is_set():
            if random.random() < 0.3:
                self._post(me, "register commitment", "/v1/commitments", {
                    "text": f"informeert de Kamer over {uuid.uuid4().hex[:8]}",
                    "minister": "de minister van VRO", "deadline": "voor zomer 2026",
                    "recipients": [{"name": "Grinwis", "party": "CU"}], **DEBATE})
            self._get(me, "read commitments register",
                      "/v1/commitments?status=open&limit=20")
            self._get(me, "read motions register", "/v1/motions?limit=20")
            self._get(me, "read dashboard", "/v1/dashboard")
            self._pause(4)
