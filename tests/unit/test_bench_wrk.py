"""Reading what bench/api_wrk.lua leaves behind: rates, statuses and latencies."""

from __future__ import annotations

import pytest

from bench.api import _wrk_phase

OUTPUT = """duration_us 4100000
idle_us 100000
error_connect 0
error_read 2
error_write 0
error_status 3
error_timeout 1
status_200 1997
status_409 3
latency_us 1500.0
latency_us 2500.5
"""


def test_the_rate_counts_every_answer_over_the_time_requests_were_due():
    phase = _wrk_phase(OUTPUT, cpu=0.4)
    assert phase.rate == pytest.approx((1997 + 3 + 3) / 4.0)
    assert phase.client_cpu == 0.4


def test_socket_errors_count_as_status_0_and_refusals_by_their_status():
    phase = _wrk_phase(OUTPUT, cpu=0.0)
    assert phase.statuses == {200: 1997, 409: 3, 0: 3}
    assert phase.failures(200) == {409: 3, 0: 3}


def test_latencies_are_read_in_seconds():
    assert _wrk_phase(OUTPUT, cpu=0.0).latencies == [0.0015, 0.0025005]
