"""The outbox end to end on real parts: a webhook receiver on loopback that is down, then
fails, then accepts; everything arrives exactly once after deduplication, in event order
per note, signed so that the standardwebhooks verifier accepts it. Every test runs on
both outboxes: the SQLite file of one host and PostgreSQL of several."""

from __future__ import annotations

import json
import time
from collections import defaultdict

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from adapters.eventstore import event_store_env
from adapters.outbox import PostgresOutbox, SQLiteOutbox
from adapters.persons import SQLitePersonRegistry
from adapters.pg import conninfo
from adapters.sender import Sender, SenderSettings
from adapters.subscriptions import Subscriptions
from adapters.webhooks import WebhookPoster
from domain.actor import Actor
from domain.delivery import Backoff
from projections.outbox_runner import OutboxRunner
from tests.conftest import PG, make_ledger
from tests.webhook_receiver import Receiver

DRAFTER = Actor("VRO", "drafter")
NOTES = 6


@pytest.fixture
def ledger(tmp_path):
    app = make_ledger({"NOTALEDGER_STORE": "sqlite",
                       "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    yield app
    app.close()


def postgres_dsn(event_schema: str) -> str:
    return conninfo(event_store_env({"NOTALEDGER_STORE": "postgres",
                                     "NOTALEDGER_PG_SCHEMA": event_schema, **PG}))


@pytest.fixture(params=["sqlite", "postgres"])
def outbox(request, tmp_path):
    if request.param == "sqlite":
        store = SQLiteOutbox(tmp_path / "outbox.sqlite")
    else:
        schema = request.getfixturevalue("outbox_schema")
        store = PostgresOutbox(postgres_dsn(schema.removesuffix("_outbox")), schema)
    yield store
    store.close()


@pytest.fixture
def subscriptions(outbox, tmp_path):
    return Subscriptions(outbox, SQLitePersonRegistry(tmp_path / "persons.sqlite"),
                         allow_private=True, overlap=60)


def write_story(ledger, notes: int = NOTES, first: int = 0) -> list[str]:
    """Per note: SZW and OCW asked, SZW answers, OCW's request withdrawn."""
    ids = []
    for n in range(first, first + notes):
        note = ledger.draft_note(DRAFTER, reference=f"2026-OUT-{n:04d}", title="Uitgaand",
                                 kind="decision", date="2026-06-05", from_unit="NPLV",
                                 to_official="MVRO", ministry="VRO", actively_public=False).id
        ledger.request_consultation(note, DRAFTER, "SZW", "consulted", reply_by="2026-06-19")
        ledger.request_consultation(note, DRAFTER, "OCW", "consulted")
        ledger.answer_consultation(note, Actor("SZW", "consultee"), "SZW", "agreed")
        ledger.withdraw_consultation(note, DRAFTER, "OCW")
        ids.append(str(note))
    return ids


def subscribe(subscriptions, receiver) -> dict[str, str]:
    """VRO and SZW on the defaults, OCW on requests and withdrawals; path -> subscription."""
    made = {}
    for organisation, topics in (("VRO", None), ("SZW", None),
                                 ("OCW", ["consultation.requested", "consultation.withdrawn"])):
        path = f"/{organisation.lower()}"
        subscription, secret = subscriptions.create(organisation, "webhook",
                                                    receiver.url + path, wanted=topics)
        receiver.secrets[path] = secret
        made[path] = subscription.subscription_id
    return made


def sender_for(outbox, **backoff) -> Sender:
    return Sender(outbox, WebhookPoster(timeout=2, allow_private=True),
                  Backoff(**{"base": 0.1, "cap": 0.4, "limit": 100, **backoff}),
                  SenderSettings(base_url="https://notaledger.example", workers=4,
                                 lease=5, poll=0.02))


def wait_for(condition, timeout: float, what) -> None:
    """Until ``condition``; ``what`` (or what it returns, when called) says what timed out."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, \
            f"timed out waiting for {what() if callable(what) else what}"
        time.sleep(0.05)


def test_down_then_failing_receiver_gets_everything_once_in_order_per_note(
        ledger, outbox, subscriptions):
    receiver = Receiver().reserve()  # nothing listens yet: the receiver is down
    paths = subscribe(subscriptions, receiver)
    runner = OutboxRunner(ledger, outbox, poll_interval=0.01)
    runner.catch_up()  # attached to the empty log before the story, not racing it
    runner.start()
    notes = write_story(ledger)
    sender = sender_for(outbox).start()
    try:
        time.sleep(3.0)
        receiver.answer = lambda n: 500 if n <= 5 else 200
        receiver.start()
        expected = 4 * NOTES
        wait_for(lambda: len(receiver.unique()) >= expected
                 and outbox.stats()["by_status"]["pending"] == 0, 20,
                 lambda: f"every delivery: {len(receiver.unique())} of {expected} arrived, "
                         f"{outbox.stats()}, last errors "
                         f"{sorted({d.last_error for d in outbox.deliveries(limit=100)[1]})}")
    finally:
        sender.stop()
        sender.join(5)
        runner.stop()
        runner.join(5)
        receiver.stop()

    unique = receiver.unique()
    assert len(unique) == expected
    topics = defaultdict(list)
    for arrival in sorted(unique.values(), key=lambda a: a.at):
        body = json.loads(arrival.body)
        topics[(arrival.path, body["data"]["aggregateId"])].append(
            (body["data"]["position"], body["type"]))
        assert arrival.verified, f"{arrival.message_id} did not verify"
        assert arrival.message_id.endswith(paths[arrival.path])
    for note in notes:
        assert [t for _, t in topics[("/szw", note)]] == ["consultation.requested"]
        assert [t for _, t in topics[("/vro", note)]] == ["consultation.answered"]
        ocw = topics[("/ocw", note)]
        assert [t for _, t in ocw] == ["consultation.requested", "consultation.withdrawn"]
        assert ocw[0][0] < ocw[1][0], "a note's messages arrive in event order"
    stats = outbox.stats()["by_status"]
    assert stats["delivered"] == expected and stats["dead"] == 0
    total, rows = outbox.deliveries(limit=500)
    failed = sum(len([a for a in outbox.attempts(d.delivery_id) if a["outcome"] == "failed"])
                 for d in rows)
    assert failed >= 5 + 1  # the five 500s and the refused connections are all recorded


def test_a_delivery_that_keeps_failing_is_dead_lettered_and_can_be_retried(
        ledger, outbox, subscriptions):
    receiver = Receiver(answer=lambda n: 503).start()
    subscriptions.create("SZW", "webhook", receiver.url + "/szw")
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()  # attached to the empty log: what follows is news
    write_story(ledger, notes=1)
    runner.catch_up()
    sender = sender_for(outbox, limit=3)
    wait_for(lambda: (sender.send_due(), outbox.stats()["by_status"]["dead"])[1] == 1, 10,
             "the dead letter")
    [dead] = outbox.deliveries(status="dead")[1]
    assert dead.attempts == 3
    assert [a["status_code"] for a in outbox.attempts(dead.delivery_id)] == [503, 503, 503]
    receiver.answer = lambda n: 204
    assert outbox.retry([dead.delivery_id]) == 1
    wait_for(lambda: (sender.send_due(), outbox.stats()["by_status"]["delivered"])[1] == 1, 10,
             "the retried delivery")
    assert list(receiver.unique()) == [dead.delivery_id]
    receiver.stop()


def test_signature_verifies_and_fails_after_one_byte_changes(ledger, outbox, subscriptions):
    receiver = Receiver().start()
    _, secret = subscriptions.create("SZW", "webhook", receiver.url + "/szw")
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()  # attached to the empty log: what follows is news
    write_story(ledger, notes=1)
    runner.catch_up()
    sender_for(outbox).send_due()
    receiver.stop()
    [arrival] = receiver.arrivals
    verifier = Webhook(secret)
    assert verifier.verify(arrival.body, arrival.headers)["type"] == "consultation.requested"
    changed = bytearray(arrival.body)
    changed[len(changed) // 2] ^= 0x01
    with pytest.raises(WebhookVerificationError):
        verifier.verify(bytes(changed), arrival.headers)
    assert b"Uitgaand" not in arrival.body  # ids, codes and links; no free text or names


def test_a_rotated_secret_overlaps_the_old_one(ledger, outbox, subscriptions):
    receiver = Receiver().start()
    made, old = subscriptions.create("SZW", "webhook", receiver.url + "/szw")
    new, _ = subscriptions.rotate(made.subscription_id, "SZW")
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()  # attached to the empty log: what follows is news
    write_story(ledger, notes=1)
    runner.catch_up()
    sender_for(outbox).send_due()
    receiver.stop()
    [arrival] = receiver.arrivals
    assert len(arrival.headers["webhook-signature"].split()) == 2
    for secret in (old, new):
        Webhook(secret).verify(arrival.body, arrival.headers)
    outbox.rotate_secret(made.subscription_id, "whsec_" + "A" * 32, overlap=0)
    assert outbox.secrets(made.subscription_id) == ["whsec_" + "A" * 32]


def test_each_event_makes_its_deliveries_once_even_when_applied_again(
        ledger, outbox, subscriptions):
    subscriptions.create("SZW", "webhook", "http://127.0.0.1:9/szw")
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()  # attached to the empty log: what follows is news
    write_story(ledger, notes=2)
    runner.catch_up()
    again = OutboxRunner(ledger, outbox)
    facts = again.log.read(0, 1000)
    writer = again.writers[0]
    writer.reload()
    writer.position = 0  # a stale runner that believes it is at the start is refused
    from projections.store import PositionConflict
    with pytest.raises(PositionConflict):
        writer.apply(facts, facts[-1].position)
    assert outbox.deliveries()[0] == 2


def test_an_outbox_opened_beside_a_busy_log_sends_no_history(ledger, outbox, subscriptions):
    subscriptions.create("SZW", "webhook", "http://127.0.0.1:9/szw")
    write_story(ledger, notes=2)
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()
    assert outbox.deliveries()[0] == 0
    write_story(ledger, notes=1, first=2)
    runner.catch_up()
    assert outbox.deliveries()[0] == 1


def test_the_readmes_webhook_receiver_verifies_what_the_sender_signs(
        ledger, outbox, subscriptions):
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    [snippet] = [b for b in re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
                 if "standardwebhooks" in b]
    receiver = Receiver().start()
    _, secret = subscriptions.create("SZW", "webhook", receiver.url + "/szw")
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()
    write_story(ledger, notes=1)
    runner.catch_up()
    sender_for(outbox).send_due()
    receiver.stop()
    [arrival] = receiver.arrivals
    handled, seen = [], set()
    namespace = {"SECRET": secret, "seen_before": lambda i: i in seen or seen.add(i),
                 "handle": lambda kind, data: handled.append((kind, data["reference"]))}
    exec(snippet, namespace)  # noqa: S102 - the README's own example, run as written
    assert namespace["receive"](arrival.body, arrival.headers) == 204
    assert namespace["receive"](arrival.body, arrival.headers) == 200  # seen: done already
    assert namespace["receive"](arrival.body.replace(b"SZW", b"SZX"), arrival.headers) == 400
    assert handled == [("consultation.requested", "2026-OUT-0000")]


def test_a_redirect_is_not_followed_and_a_replay_resends_under_the_same_id(
        ledger, outbox, subscriptions):
    receiver = Receiver(answer=lambda n: 302).start()
    made, _ = subscriptions.create("SZW", "webhook", receiver.url + "/szw")
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()
    write_story(ledger, notes=1)
    runner.catch_up()
    sender = sender_for(outbox)
    sender.send_due()
    [delivery] = outbox.deliveries()[1]
    assert delivery.status == "pending" and "redirects are not followed" in delivery.last_error
    assert receiver.arrivals == []
    receiver.answer = lambda n: 200
    wait_for(lambda: (sender.send_due(), outbox.stats()["by_status"]["delivered"])[1] == 1, 10,
             "the delivery")
    assert outbox.replay(made.subscription_id) == 1
    assert outbox.stats()["by_status"]["pending"] == 1
    wait_for(lambda: (sender.send_due(), outbox.stats()["by_status"]["pending"])[1] == 0, 10,
             "the replayed delivery")
    receiver.stop()
    assert [a.message_id for a in receiver.arrivals] == [delivery.delivery_id] * 2


def test_the_bootstrap_chooses_the_outbox_and_refuses_a_bad_choice(tmp_path):
    from api.bootstrap import build_outbox
    from domain.errors import InvalidInput

    chosen = build_outbox({"NOTALEDGER_STORE": "sqlite",
                           "NOTALEDGER_OUTBOX": f"sqlite:{tmp_path / 'elsewhere' / 'o.sqlite'}"})
    assert isinstance(chosen, SQLiteOutbox) and chosen.path.endswith("elsewhere/o.sqlite")
    chosen.close()
    with pytest.raises(InvalidInput, match="NOTALEDGER_STORE=postgres"):
        build_outbox({"NOTALEDGER_STORE": "sqlite", "NOTALEDGER_OUTBOX": "postgres"})
    with pytest.raises(InvalidInput, match="expected postgres, sqlite or sqlite:PATH"):
        build_outbox({"NOTALEDGER_STORE": "sqlite", "NOTALEDGER_OUTBOX": "redis"})
