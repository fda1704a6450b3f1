"""Done as the issue says it: a consultation request made over HTTP reaches the consulted
ministry's webhook and a mailbox there, with the outbox and sender running as the embedded
default runs them; and with the event store and the outbox in PostgreSQL."""

from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller

from adapters.mail import SmtpMailer, SmtpSettings
from adapters.outbox import PostgresOutbox
from adapters.sender import Sender, SenderSettings
from adapters.webhooks import WebhookPoster
from domain.delivery import Backoff
from projections.outbox_runner import OutboxRunner
from tests.conftest import store_settings
from tests.e2e.conftest import Site
from tests.integration.test_deliveries import postgres_dsn
from tests.integration.test_deliveries_mail import Inbox
from tests.webhook_receiver import Receiver


@pytest.fixture(params=["sqlite", "postgres"])
def site(tmp_path, request):
    """The embedded default on SQLite files; or the events and the outbox in PostgreSQL."""
    if request.param == "sqlite":
        running = Site({"NOTALEDGER_STORE": "sqlite",
                        "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path)
    else:
        schema = request.getfixturevalue("pg_schema")
        running = Site(store_settings("postgres", tmp_path, request), tmp_path,
                       outbox=PostgresOutbox(postgres_dsn(schema), f"{schema}_outbox"))
    yield running
    running.services.outbox.close()
    running.close()


def test_a_consultation_request_reaches_the_webhook_and_the_mailbox(site):
    inbox, receiver = Inbox(), Receiver().start()
    smtp = Controller(inbox, hostname="127.0.0.1", port=Receiver().reserve().port)
    smtp.start()
    services = site.services
    services.persons.register("p-szw-1", "Anna", "civil_servant", "SZW", ("consultee",))
    services.persons.set_email("p-szw-1", "anna@szw.example.nl")
    client, admin = site.client(), site.key("SZW", "admin")
    hook = client.post("/v1/subscriptions", headers=admin, json={
        "channel": "webhook", "url": f"{receiver.url}/szw"}).get_json()
    receiver.secrets["/szw"] = hook["secret"]
    assert client.post("/v1/subscriptions", headers=admin, json={
        "channel": "email", "personId": "p-szw-1"}).status_code == 201
    outbox = OutboxRunner(site.ledger, services.outbox, poll_interval=0.01).start()
    sender = Sender(services.outbox, WebhookPoster(2, True), Backoff(0.1, 1, 5),
                    SenderSettings(poll=0.01),
                    SmtpMailer(SmtpSettings("127.0.0.1", smtp.port)), services.persons,
                    services.delivery.tokens).start()
    try:
        drafter = site.key("VRO", "drafter")
        assert client.post("/v1/notes", headers=drafter, json={
            "reference": "2026-0000777001", "title": "Afstemming gevraagd", "kind": "decision",
            "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
            "activelyPublic": False}).status_code == 201
        asked = time.monotonic()
        answer = client.post("/v1/notes/2026-0000777001/consultations/SZW/request",
                             headers=drafter, json={"role": "consulted"})
        assert answer.status_code == 200, answer.get_json()
        while (not receiver.arrivals or not inbox.mails) and time.monotonic() - asked < 30:
            time.sleep(0.01)
        took = time.monotonic() - asked
        record = _how_the_deliveries_stand(services.outbox)
    finally:
        sender.stop()
        outbox.stop()
        sender.join(5)
        outbox.join(5)
        smtp.stop()
        receiver.stop()
    assert len(receiver.arrivals) == 1, record
    assert receiver.arrivals[0].verified
    assert len(inbox.mails) == 1, record
    [mail] = inbox.mails
    assert mail["Subject"] == "Verzoek om afstemming: 2026-0000777001"
    assert took < 5, f"took {took:.1f} s (the bench measures the figure: p99 well under 1 s)"


def _how_the_deliveries_stand(outbox) -> str:
    """The outbox's own account of each delivery and its attempts: what a failure shows."""
    _, deliveries = outbox.deliveries()
    return "\n".join(f"{d.topic} -> {d.subscription_id}: {d.status}, {d.attempts} attempts, "
                      f"last error {d.last_error!r}; {outbox.attempts(d.delivery_id)}"
                      for d in deliveries) or "the outbox holds no delivery"
