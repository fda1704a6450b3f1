"""The checkpoint service keeps refusing, fails its health check and counts refusals."""

from __future__ import annotations

import http.client
import json

from api.cli.checkpoint_service import Standing, serve_standing, tick
from domain.audit.signer import SignerRefused


class Refusing:
    def latest(self):
        return None

    def checkpoint(self, only_if_grown: bool = False):
        raise SignerRefused("the store no longer holds checkpoint 1")


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode()


def test_a_refusing_signer_fails_its_health_check_and_counts_in_metrics(capsys):
    standing = Standing()
    server = serve_standing(standing, "127.0.0.1:0")
    port = server.server_address[1]
    try:
        assert get(port, "/healthz")[0] == 200
        tick(Refusing(), standing, None)
        tick(Refusing(), standing, None)
        status, body = get(port, "/healthz")
        assert status == 503 and "checkpoint 1" in json.loads(body)["refused"]
        metrics = get(port, "/metrics")[1]
        assert "notaledger_signer_refusals_total 2" in metrics
        assert "notaledger_signer_refusing 1" in metrics
        assert capsys.readouterr().err.count("REFUSED") == 2
    finally:
        server.shutdown()
