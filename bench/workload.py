"""The load a fault run puts on the service: drafters writing marked texts, a reader, SSE.

Every command carries a marker (``mk`` and 12 hex digits) in its text, so afterwards the
event log says which requests were recorded, however the client's answer went. A
command whose connection failed is retried once with the same Idempotency-Key, and one
answered '503 outcome-unknown' until the outcome is known, as a careful client would; one
drafter sends no Idempotency-Key at all.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

from bench.traffic import Answer, Client, Subscriber

COMMANDS = frozenset({"draft", "revise-title", "revise-section", "add-decision"})
COMMANDS_PER_NOTE = 40  # then a new note, so no aggregate grows without end


@dataclass
class Plan:
    """How hard and how long: load before, during and after the fault."""

    warm: float = 3.0
    outage: float = 30.0
    after: float = 10.0
    kills: int = 3
    writers: int = 4
    keyless: int = 1  # writers that send no Idempotency-Key
    pause: float = 0.005
    subscribers: int = 2


def new_marker() -> str:
    return "mk" + uuid.uuid4().hex[:12]


def draft_body(reference: str, marker: str) -> dict:
    return {"reference": reference, "title": f"Nota {marker}", "kind": "decision",
            "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
            "activelyPublic": True, "collaborating": ["SZW"]}


def marked_command(ref: str, step: int, marker: str) -> tuple[str, str, dict]:
    """The step-th command on a note: title, section or advised decision, with a marker."""
    kind = step % 3
    if kind == 0:
        return "revise-title", f"/v1/notes/{ref}/revise-title", {"title": f"Titel {marker}"}
    if kind == 1:
        return ("revise-section", f"/v1/notes/{ref}/sections/aanleiding/revise",
                {"text": f"Aanleiding {marker}"})
    return "add-decision", f"/v1/notes/{ref}/advised-decisions/add", {"text": f"Besluit {marker}"}


class Load:
    """Drafters, a reader and SSE subscribers against one running stack, until stopped."""

    def __init__(self, stack, plan: Plan, head: int) -> None:
        self.stack, self.plan = stack, plan
        self.answers: list[Answer] = []
        self.refs: list[tuple[str, int]] = []  # notes drafted, with the draft's position
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        drafter, auditor = stack.token("VRO", "drafter"), stack.token("ADR", "auditor")
        self._drafter = drafter
        self.subscribers = [Subscriber(stack.sse_url, auditor, head)
                            for _ in range(plan.subscribers)]

    def record(self, answer: Answer) -> None:
        with self._lock:
            self.answers.append(answer)

    def start(self) -> Load:
        for subscriber in self.subscribers:
            subscriber.start()
        for subscriber in self.subscribers:
            subscriber.connected.wait(10)
        for number in range(self.plan.writers):
            idempotent = number >= self.plan.keyless
            self._spawn(self._write, number, idempotent)
        self._spawn(self._read)
        return self

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def stop_subscribers(self) -> None:
        for subscriber in self.subscribers:
            subscriber.stop()

    # --- drafters ------------------------------------------------------------------------

    def _write(self, number: int, idempotent: bool) -> None:
        client = Client(self.stack.api_url, self._drafter, timeout=15,
                        person=self.stack.person(f"p-drafter-{number}", "VRO", "drafter"))
        ref, step = None, 0
        while not self._stopping.is_set():
            if ref is None or step >= COMMANDS_PER_NOTE:
                ref, step = self._draft(client, idempotent), 0
                continue
            marker = new_marker()
            op, path, body = marked_command(ref, step, marker)
            answer = self._send(client, op, path, body, marker, idempotent)
            step += 1
            if answer.ok and step % 5 == 0:
                self.record(client.get("read-own-write",
                                       f"/v1/notes/{ref}?minPosition={answer.body['position']}"))
            self._stopping.wait(self.plan.pause)
        client.close()

    def _draft(self, client: Client, idempotent: bool) -> str | None:
        marker = new_marker()
        reference = f"2026-F{marker}"
        answer = self._send(client, "draft", "/v1/notes", draft_body(reference, marker), marker,
                            idempotent)
        if not answer.ok:
            return None
        with self._lock:
            self.refs.append((reference, answer.body["position"]))
        return reference

    def _send(self, client: Client, op: str, path: str, body: dict, marker: str,
              idempotent: bool) -> Answer:
        answer = client.post(op, path, body, marker=marker, idempotent=idempotent)
        self.record(answer)
        if answer.status is None and idempotent:
            self._stopping.wait(0.3)
            answer = self._again(client, op, path, body, marker, answer)
        while unknown_outcome(answer) and idempotent and not self._stopping.is_set():
            self._back_off(answer)  # the outcome is learnt by asking again with the key
            answer = self._again(client, op, path, body, marker, answer)
        if answer.status == 503:
            self._back_off(answer)
        return answer

    def _again(self, client: Client, op: str, path: str, body: dict, marker: str,
               previous: Answer) -> Answer:
        answer = client.post(op, path, body, marker=marker,
                             key=previous.headers["idempotency-key"])
        answer.retry = True
        self.record(answer)
        return answer

    def _back_off(self, answer: Answer) -> None:
        """Honour Retry-After, but no longer than half a second: the run counts attempts."""
        try:
            wait = float(answer.headers.get("retry-after", "0.5"))
        except ValueError:
            wait = 0.5
        self._stopping.wait(min(wait, 0.5))

    # --- a reader of the views ---------------------------------------------------------------

    def _read(self) -> None:
        client = Client(self.stack.api_url, self._drafter, timeout=15)
        turn = 0
        while not self._stopping.is_set():
            with self._lock:
                ref, seen = self.refs[turn % len(self.refs)] if self.refs else (None, 0)
            # another user reads a note once it has heard of it: read-your-writes, not 404
            for op, path in (("read-note", f"/v1/notes/{ref}?minPosition={seen}" if ref else None),
                             ("inbox", "/v1/organisations/VRO/inbox"),
                             ("list-notes", "/v1/notes?limit=20"), ("dashboard", "/v1/dashboard")):
                if path is not None and not self._stopping.is_set():
                    answer = client.get(op, path)
                    self.record(answer)
                    if answer.status == 503:
                        self._back_off(answer)
            turn += 1
            self._stopping.wait(0.02)
        client.close()


def unknown_outcome(answer: Answer) -> bool:
    """503 outcome-unknown: the save was interrupted; a retry with the key tells."""
    body = answer.body if isinstance(answer.body, dict) else {}
    return answer.status == 503 and str(body.get("type", "")).endswith("outcome-unknown")


def settle_time(answers: list[Answer], since: float) -> float | None:
    """Seconds from ``since`` until the first command answered with success after it."""
    done = [a.at + a.seconds for a in answers
            if a.op in COMMANDS and a.ok and a.at + a.seconds >= since]
    return min(done) - since if done else None
