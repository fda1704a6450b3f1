"""E-mail deliveries through a real SMTP server (aiosmtpd) on loopback: Dutch, plain text
and HTML, a link to the nota's page and a signed unsubscribe link, no names."""

from __future__ import annotations

import email
from email import policy

import pytest
from aiosmtpd.controller import Controller

from adapters.mail import SmtpMailer, SmtpSettings, UnsubscribeTokens
from adapters.outbox import PostgresOutbox, SQLiteOutbox
from adapters.persons import SQLitePersonRegistry
from adapters.sender import Sender, SenderSettings
from adapters.subscriptions import Subscriptions
from adapters.webhooks import WebhookPoster
from domain.delivery import Backoff
from domain.errors import InvalidInput, NotPermitted
from projections.outbox_runner import OutboxRunner
from tests.conftest import make_ledger
from tests.integration.test_deliveries import postgres_dsn, write_story
from tests.webhook_receiver import Receiver


class Inbox:
    def __init__(self) -> None:
        self.mails: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.mails.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=Receiver().reserve().port)
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def parts(tmp_path, request):
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    if request.param == "sqlite":
        outbox = SQLiteOutbox(tmp_path / "outbox.sqlite")
    else:
        schema = request.getfixturevalue("outbox_schema")
        outbox = PostgresOutbox(postgres_dsn(schema.removesuffix("_outbox")), schema)
    persons = SQLitePersonRegistry(tmp_path / "persons.sqlite")
    persons.register("p-szw-7", "Jan Jansen", "civil_servant", "SZW", ("consultee",))
    persons.set_email("p-szw-7", "afstemming@szw.example.nl")
    yield ledger, outbox, persons
    ledger.close()
    outbox.close()


def sender(outbox, persons, port, tokens) -> Sender:
    return Sender(outbox, WebhookPoster(2, True), Backoff(0.1, 0.2, 2),
                  SenderSettings(base_url="https://notaledger.example"),
                  SmtpMailer(SmtpSettings("127.0.0.1", port, "meldingen@notaledger.example")),
                  persons, tokens)


def test_a_consultation_request_reaches_the_persons_mailbox_in_dutch(smtp, parts):
    inbox, port = smtp
    ledger, outbox, persons = parts
    tokens = UnsubscribeTokens(b"k" * 32)
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()
    made, secret = Subscriptions(outbox, persons, True, 60).create(
        "SZW", "email", person_id="p-szw-7", wanted=["consultation.requested"])
    assert secret is None
    [note] = write_story(ledger, notes=1)
    runner.catch_up()
    assert sender(outbox, persons, port, tokens).send_due() == 1
    [mail] = inbox.mails
    assert mail["To"] == "afstemming@szw.example.nl"
    assert mail["Subject"] == "Verzoek om afstemming: 2026-OUT-0000"
    assert mail["X-Notaledger-Delivery"] == f"msg_2_{made.subscription_id}"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert f"https://notaledger.example/nota/{note}" in text and "Reageren vóór: 2026-06-19" in text
    assert f'href="https://notaledger.example/nota/{note}"' in html and 'lang="nl"' in html
    one_click = mail["List-Unsubscribe"].strip("<>")
    token = one_click.rsplit("/", 1)[-1]
    assert one_click == f"https://notaledger.example/v1/unsubscribe/{token}"
    assert f"https://notaledger.example/openbaar/afmelden/{token}" in text
    assert tokens.read(token) == made.subscription_id
    with pytest.raises(InvalidInput):
        tokens.read(token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert "Jan" not in mail.as_string() and "Jansen" not in mail.as_string()


def test_an_erased_person_gets_no_more_mail(smtp, parts):
    inbox, port = smtp
    ledger, outbox, persons = parts
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()
    Subscriptions(outbox, persons, True, 60).create("SZW", "email", person_id="p-szw-7")
    assert persons.erase("p-szw-7")
    assert persons.email("p-szw-7") is None
    write_story(ledger, notes=1)
    runner.catch_up()
    mailer = sender(outbox, persons, port, UnsubscribeTokens(b"k" * 32))
    mailer.send_due()
    [delivery] = outbox.deliveries()[1]
    assert inbox.mails == []
    assert "no e-mail address" in delivery.last_error


def test_only_the_organisations_own_people_with_an_address_are_subscribed(parts):
    _, outbox, persons = parts
    subscriptions = Subscriptions(outbox, persons, True, 60)
    with pytest.raises(NotPermitted):
        subscriptions.create("VRO", "email", person_id="p-szw-7")
    persons.register("p-szw-8", "Piet", "civil_servant", "SZW", ())
    with pytest.raises(InvalidInput, match="no e-mail address"):
        subscriptions.create("SZW", "email", person_id="p-szw-8")
    with pytest.raises(InvalidInput):
        persons.set_email("p-szw-8", "not an address")


def test_a_daily_digest_gathers_the_days_messages_into_one_mail(smtp, parts, monkeypatch):
    inbox, port = smtp
    ledger, outbox, persons = parts
    runner = OutboxRunner(ledger, outbox)
    runner.catch_up()
    Subscriptions(outbox, persons, True, 60).create(
        "SZW", "email", person_id="p-szw-7", wanted=["consultation.requested"], digest=True)
    write_story(ledger, notes=3)
    runner.catch_up()
    mailer = sender(outbox, persons, port, UnsubscribeTokens(b"k" * 32))
    assert mailer.send_due() == 0 and inbox.mails == []  # not yet seven o'clock
    [due] = {d.next_at for d in outbox.deliveries()[1]}
    import adapters.outbox as module

    later = due + 1
    monkeypatch.setattr(module.time, "time", lambda: later)
    assert mailer.send_due() == 3
    [mail] = inbox.mails
    assert mail["Subject"] == "Dagoverzicht notaledger: 3 meldingen"
    text = mail.get_body(("plain",)).get_content()
    assert [f"2026-OUT-{n:04d}" in text for n in range(3)] == [True] * 3
    assert outbox.stats()["by_status"]["delivered"] == 3


def test_the_digest_is_sent_at_seven_in_the_netherlands():
    from datetime import datetime

    from adapters.outbox import AMSTERDAM, next_digest

    winter = datetime(2026, 12, 4, 21, 30, tzinfo=AMSTERDAM).timestamp()
    assert datetime.fromtimestamp(next_digest(winter, 7), AMSTERDAM) == datetime(
        2026, 12, 5, 7, 0, tzinfo=AMSTERDAM)
    morning = datetime(2026, 6, 1, 6, 59, tzinfo=AMSTERDAM).timestamp()
    assert datetime.fromtimestamp(next_digest(morning, 7), AMSTERDAM) == datetime(
        2026, 6, 1, 7, 0, tzinfo=AMSTERDAM)
