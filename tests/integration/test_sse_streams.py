"""The SSE server holds many open streams on one gevent worker and feeds every one.

The short variant of ``python -m bench.streams`` (which opens a thousand): `notaledger
up`'s processes on a PostgreSQL cluster and a redis-server of their own.
"""

from __future__ import annotations

import pytest

from bench.servers import Unavailable
from bench.streams import run
from tests.conftest import _unavailable

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_three_hundred_open_streams_on_one_worker_each_receive_every_event():
    try:
        one, many = run(streams=300, events=5)
    except Unavailable as error:
        _unavailable("a private PostgreSQL cluster or redis-server", error)
    assert one.connected == 1 and one.missing == 0 and one.events == 5
    assert many.connected == 300, f"only {many.connected} of 300 streams were accepted"
    assert many.refused == []
    assert many.events == 5 and many.missing == 0, f"{many.missing} deliveries missing"
