"""Webhooks on the Standard Webhooks specification, signed with the ``standardwebhooks``
package: ``webhook-id`` (the delivery's stable id), ``webhook-timestamp`` and
``webhook-signature`` (one ``v1,…`` per secret in use, so a rotation overlaps).

A webhook is posted with a timeout and never follows a redirect. Its host must not resolve
to a loopback, private, link-local or otherwise internal address unless the installation
allows that (the embedded default and the tests do; production does not).
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import orjson
import requests
import requests.adapters
from standardwebhooks import Webhook

from domain.errors import InvalidInput

USER_AGENT = "notaledger-webhooks/1"


def new_secret() -> str:
    """A fresh signing secret in the specification's ``whsec_`` form (24 random bytes)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def check_url(url: str, allow_private: bool) -> str:
    """The URL, if it may receive webhooks; a clear refusal if not."""
    parts = urlsplit(str(url or "").strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(f"url {url!r}: give an absolute https:// address")
    if parts.username or parts.password:
        raise InvalidInput("url: put no user name or password in a webhook address; every "
                           "message is signed instead")
    if not allow_private:
        if parts.scheme != "https":
            raise InvalidInput(f"url {url!r}: webhooks are sent over https only")
        internal = internal_address(parts.hostname, parts.port or 443)
        if internal:
            raise InvalidInput(f"url {url!r}: {parts.hostname} resolves to {internal}, an "
                               "internal address; webhooks go to public addresses only")
    return parts.geturl()


def internal_address(host: str, port: int) -> str | None:
    """The first loopback, private, link-local, reserved or multicast address the host
    resolves to, or None; a host that does not resolve is refused as well."""
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise InvalidInput(f"url: {host} does not resolve ({error.strerror})") from error
    for *_, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            return str(ip)
    return None


def signature(secrets_in_use: list[str], message_id: str, at: datetime, body: str) -> str:
    """The ``webhook-signature`` header: one signature per secret, newest first."""
    return " ".join(Webhook(secret).sign(message_id, at, body) for secret in secrets_in_use)


def payload(message: dict, base_url: str) -> dict:
    """The body as Standard Webhooks shapes it: type, timestamp, data (links absolute)."""
    data = dict(message["data"])
    data["links"] = {name: base_url.rstrip("/") + path for name, path in data["links"].items()}
    return {"type": message["topic"], "timestamp": message["at"], "data": data}


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    status_code: int | None
    error: str
    seconds: float


class WebhookPoster:
    """Posts one signed message; any answer but 2xx, a redirect included, is a failure."""

    def __init__(self, timeout: float = 10.0, allow_private: bool = False,
                 connections: int = 16) -> None:
        self.timeout, self.allow_private = timeout, allow_private
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy from the environment sees the messages
        adapter = requests.adapters.HTTPAdapter(pool_connections=connections,
                                                pool_maxsize=connections, max_retries=0)
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, adapter)

    def post(self, url: str, message_id: str, body: dict, secrets_in_use: list[str]) -> Outcome:
        started = time.perf_counter()
        try:
            if not self.allow_private:
                check_url(url, allow_private=False)  # names can move: checked at each send
            text = orjson.dumps(body).decode()
            now = datetime.now(UTC)
            headers = {"content-type": "application/json", "user-agent": USER_AGENT,
                       "webhook-id": message_id,
                       "webhook-timestamp": str(int(now.timestamp())),
                       "webhook-signature": signature(secrets_in_use, message_id, now, text)}
            answer = self.session.post(url, data=text.encode(), headers=headers,
                                       timeout=self.timeout, allow_redirects=False)
            answer.close()
        except (requests.RequestException, InvalidInput, OSError) as error:
            return Outcome(False, None, f"{type(error).__name__}: {error}"[:300],
                           time.perf_counter() - started)
        ok = 200 <= answer.status_code < 300
        error = "" if ok else f"HTTP {answer.status_code}" + (
            " (redirects are not followed)" if 300 <= answer.status_code < 400 else "")
        return Outcome(ok, answer.status_code, error, time.perf_counter() - started)

    def close(self) -> None:
        self.session.close()
