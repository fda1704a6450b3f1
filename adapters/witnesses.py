"""The witnesses a ledger is configured with: their keys, and their add-checkpoint endpoints.

``NOTALEDGER_WITNESS_KEYS``: the witnesses' verifier keys (``name+id+base64(0x04 || key)``,
as ``notaledger witness keygen`` prints them), separated by spaces or commas; cosignatures
are kept only when they verify against one of them. ``NOTALEDGER_WITNESS_URLS``: the
submission prefixes the checkpoint service pushes each new checkpoint to
(``<prefix>/add-checkpoint``).
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Mapping

from adapters.signing import verifier_from_raw
from domain.audit.note import COSIGNATURE, MalformedNote, VerifierKey
from domain.audit.witnessing import WitnessClient, Witnesses, WitnessKey
from domain.errors import InvalidInput

TIMEOUT = 10.0


def _split(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


def witness_key(text: str) -> WitnessKey:
    """A witness key from its verifier key text."""
    try:
        parsed = VerifierKey.parse(text)
    except MalformedNote as error:
        raise InvalidInput(f"NOTALEDGER_WITNESS_KEYS: {error}") from None
    if parsed.kind != COSIGNATURE:
        raise InvalidInput(f"NOTALEDGER_WITNESS_KEYS: {text!r} is not a cosigner key (type 4)")
    return WitnessKey(parsed.name, verifier_from_raw(parsed.public_key))


def witness_keys_from_env(environ: Mapping[str, str] = os.environ) -> list[WitnessKey]:
    return [witness_key(text) for text in _split(environ.get("NOTALEDGER_WITNESS_KEYS", ""))]


class HttpWitnessClient(WitnessClient):
    """POSTs to ``<prefix>/add-checkpoint`` with the standard library."""

    def __init__(self, prefix: str, timeout: float = TIMEOUT) -> None:
        self.url = prefix.rstrip("/") + "/add-checkpoint"
        self._timeout = timeout

    def add_checkpoint(self, body: str) -> tuple[int, str]:
        request = urllib.request.Request(self.url, data=body.encode(), method="POST",
                                         headers={"Content-Type": "text/plain"})
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError) as error:
            return 0, f"unreachable: {error}"


def witnesses_from_env(environ: Mapping[str, str] = os.environ) -> Witnesses | None:
    """The witnesses to push checkpoints to, or None when no URL is configured."""
    urls = _split(environ.get("NOTALEDGER_WITNESS_URLS", ""))
    if not urls:
        return None
    return Witnesses([HttpWitnessClient(url) for url in urls], witness_keys_from_env(environ))
