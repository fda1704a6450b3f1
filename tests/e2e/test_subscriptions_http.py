"""Subscriptions and deliveries over HTTP: an admin manages its own organisation's only."""

from __future__ import annotations

import pytest

from adapters.sender import Sender, SenderSettings
from adapters.webhooks import WebhookPoster
from domain.actor import Actor
from domain.delivery import DEFAULT_TOPICS, Backoff
from projections.outbox_runner import OutboxRunner
from tests.e2e.conftest import Site
from tests.webhook_receiver import Receiver

DRAFTER = Actor("VRO", "drafter")


@pytest.fixture
def site(tmp_path):
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path)
    yield running
    running.close()


def test_an_admin_subscribes_its_own_organisation_on_the_defaults(site):
    client, admin = site.client(), site.key("SZW", "admin")
    made = client.post("/v1/subscriptions", headers=admin,
                       json={"channel": "webhook", "url": "http://127.0.0.1:9/szw"})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["organisation"] == "SZW" and body["topics"] == list(DEFAULT_TOPICS)
    assert body["secret"].startswith("whsec_")
    assert made.headers["Location"] == f"/v1/subscriptions/{body['subscriptionId']}"
    listed = client.get("/v1/subscriptions", headers=admin).get_json()
    assert [s["subscriptionId"] for s in listed] == [body["subscriptionId"]]
    assert "secret" not in listed[0]


def test_a_subscription_to_another_organisations_events_is_refused(site):
    client = site.client()
    refused = client.post("/v1/subscriptions", headers=site.key("SZW", "admin"),
                          json={"organisation": "VRO", "channel": "webhook",
                                "url": "http://127.0.0.1:9/vro"})
    assert refused.status_code == 403
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert "VRO" in refused.get_json()["detail"]
    assert site.services.outbox.subscriptions() == []


def test_bad_subscriptions_are_clear_problems(site):
    client, admin = site.client(), site.key("SZW", "admin")
    for body in ({"channel": "webhook"}, {"channel": "webhook", "url": "ftp://x.nl/h"},
                 {"channel": "webhook", "url": "https://x.nl/h", "topics": ["note.eaten"]},
                 {"channel": "email", "personId": "p-nobody"}, {"channel": "pigeon"}):
        answer = client.post("/v1/subscriptions", headers=admin, json=body)
        assert answer.status_code == 400, (body, answer.get_json())
        assert answer.get_json()["detail"]
    assert site.services.outbox.subscriptions() == []


def test_production_refuses_a_webhook_on_an_internal_address(tmp_path):
    from adapters.subscriptions import Subscriptions
    from domain.errors import InvalidInput

    strict = Subscriptions(None, None, allow_private=False, overlap=0)
    for url in ("https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/h",
                "https://[::1]/h", "https://169.254.169.254/latest", "http://example.org/h"):
        with pytest.raises(InvalidInput) as refused:
            strict.create("SZW", "webhook", url)
        assert "internal" in str(refused.value) or "https" in str(refused.value), url


def test_an_organisation_sees_its_own_deliveries_and_no_others(site):
    receiver = Receiver().start()
    outbox = site.services.outbox
    runner = OutboxRunner(site.ledger, outbox)
    runner.catch_up()
    secret_of = {}
    for organisation in ("SZW", "OCW"):
        made, secret_of[organisation] = site.services.subscriptions.create(
            organisation, "webhook", f"{receiver.url}/{organisation}")
    note = site.ledger.draft_note(DRAFTER, reference="2026-HTTP-1", title="Bezorgd",
                                  kind="decision", date="2026-06-05", from_unit="NPLV",
                                  to_official="MVRO", ministry="VRO", actively_public=False).id
    for organisation in ("SZW", "OCW"):
        site.ledger.request_consultation(note, DRAFTER, organisation, "consulted")
    runner.catch_up()
    Sender(outbox, WebhookPoster(2, allow_private=True), Backoff(0.1, 0.2, 3),
           SenderSettings(workers=2)).send_due()
    receiver.stop()
    client = site.client()
    page = client.get("/v1/deliveries", headers=site.key("SZW", "admin")).get_json()
    assert page["total"] == 1
    [mine] = page["items"]
    assert mine["organisation"] == "SZW" and mine["status"] == "delivered"
    assert mine["topic"] == "consultation.requested" and mine["aggregateId"] == str(note)
    detail = client.get(f"/v1/deliveries/{mine['deliveryId']}",
                        headers=site.key("SZW", "admin")).get_json()
    assert [a["outcome"] for a in detail["attemptLog"]] == ["delivered"]
    other = client.get(f"/v1/deliveries/{mine['deliveryId']}", headers=site.key("OCW", "admin"))
    assert other.status_code == 404
    everything = client.get("/v1/deliveries", headers=site.key("ADR", "auditor")).get_json()
    assert everything["total"] == 2
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'notaledger_deliveries{status="delivered"} 2.0' in metrics


def test_the_signed_unsubscribe_link_stops_the_mail_and_a_changed_one_is_refused(site):
    site.services.persons.register("p-szw-3", "Els", "civil_servant", "SZW", ("consultee",))
    site.services.persons.set_email("p-szw-3", "els@szw.example.nl")
    made, _ = site.services.subscriptions.create("SZW", "email", person_id="p-szw-3")
    token = site.services.delivery.tokens.make(made.subscription_id)
    client = site.client()
    changed = client.post(f"/v1/unsubscribe/{token[:-1]}{'x' if token[-1] != 'x' else 'y'}")
    assert changed.status_code == 400 and "not valid" in changed.get_json()["detail"]
    assert site.services.outbox.subscription(made.subscription_id).deleted_at is None
    done = client.post(f"/v1/unsubscribe/{token}")
    assert done.status_code == 200, done.get_json()
    assert site.services.outbox.subscription(made.subscription_id).deleted_at is not None


def test_the_request_log_leaves_the_unsubscribe_token_out(site):
    import logging

    from tests.e2e.test_transport import Kept

    token = site.services.delivery.tokens.make("sub_0123456789abcdef")
    kept, logger = Kept(), logging.getLogger("notaledger.http")
    level = logger.level
    logger.addHandler(kept)
    logger.setLevel(logging.INFO)
    try:
        site.client().post(f"/v1/unsubscribe/{token}")
    finally:
        logger.removeHandler(kept)
        logger.setLevel(level)
    logged = " ".join(f"{r.getMessage()} {vars(r)}" for r in kept.records)
    assert "/v1/unsubscribe/<token>" in logged and token not in logged


def test_the_afmelden_page_asks_then_stops_the_mail(site):
    site.services.persons.register("p-szw-4", "Kees", "civil_servant", "SZW", ("consultee",))
    site.services.persons.set_email("p-szw-4", "kees@szw.example.nl")
    made, _ = site.services.subscriptions.create("SZW", "email", person_id="p-szw-4")
    token = site.services.delivery.tokens.make(made.subscription_id)
    client = site.client()
    page = client.get(f"/openbaar/afmelden/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Afmelden voor meldingen" in html and "Kees" not in html
    assert site.services.outbox.subscription(made.subscription_id).deleted_at is None
    import re

    csrf = re.search(r'name="([^"]+)" value="([^"]+)"', html)
    done = client.post(f"/openbaar/afmelden/{token}", data={csrf.group(1): csrf.group(2)})
    assert done.status_code == 200 and "geen meldingen" in done.get_data(as_text=True)
    assert site.services.outbox.subscription(made.subscription_id).deleted_at is not None
    changed = token[:-1] + ("x" if token[-1] != "x" else "y")
    assert client.get(f"/openbaar/afmelden/{changed}").status_code == 404
