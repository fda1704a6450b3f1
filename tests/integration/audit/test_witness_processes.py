"""End to end: two witness processes over HTTP, the signer pushing to both, and a bundle
that needs both cosignatures (a quorum of 2) to verify offline."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from api import offline_verify
from api.cli import main as cli
from api.cli import witness as witness_commands
from api.cli.probes import http_ok
from tests.integration.audit.test_audit_cli import REFERENCE, notaledger  # noqa: F401


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def witnesses(notaledger, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setattr(cli, "MODULES", (*cli.MODULES, witness_commands))
    notaledger("audit", "keygen")
    started, keys, urls = [], [], []
    for n in (1, 2):
        name, key = f"audit.example.nl/w{n}", notaledger.tmp / f"w{n}.pem"
        status, out, _ = notaledger("witness", "keygen", "--name", name, "-o", str(key))
        keys.append(out.split("witness key: ")[1].split()[0])
        port = free_port()
        started.append(subprocess.Popen(
            [sys.executable, "-m", "api.cli", "witness", "serve", "--name", name, "--key",
             str(key), "--state", str(notaledger.tmp / f"w{n}"), "--log-origin",
             "localhost/notaledger", "--log-key", str(notaledger.tmp / "audit.pem.pub"),
             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while not all(http_ok(f"{url}/healthz") for url in urls):
        assert time.monotonic() < deadline, "the witnesses did not start"
        time.sleep(0.2)
    monkeypatch.setenv("NOTALEDGER_WITNESS_URLS", " ".join(urls))
    monkeypatch.setenv("NOTALEDGER_WITNESS_KEYS", " ".join(keys))
    yield keys
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_two_witnesses_cosign_and_a_bundle_needs_both(notaledger, witnesses):  # noqa: F811
    status, out, _ = notaledger("audit", "checkpoint")
    assert status == 0 and "2 cosignature(s) kept" in out
    bundle = notaledger.tmp / "bundle.json"
    assert notaledger("audit", "export", "--note", REFERENCE, "-o", str(bundle))[0] == 0
    both = [f"--witness-key={key}" for key in witnesses]
    assert offline_verify.main([str(bundle), *both, "--quorum", "2"]) == 0
    stranger = "audit.example.nl/w3+00000000+BA" + "A" * 43
    assert offline_verify.main([str(bundle), both[0], f"--witness-key={stranger}",
                                "--quorum", "2"]) == 1
