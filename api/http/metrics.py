"""Prometheus metrics: requests by endpoint and status, and how long they took."""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """One registry per app; with several worker processes (granian, gunicorn),
    PROMETHEUS_MULTIPROC_DIR joins them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("notaledger_http_requests_total", "HTTP requests answered",
                                ("method", "endpoint", "status"), registry=self.registry)
        self.latency = Histogram("notaledger_http_request_duration_seconds",
                                 "Time to answer an HTTP request", ("method", "endpoint"),
                                 buckets=BUCKETS, registry=self.registry)
        self.replays = Counter("notaledger_idempotent_replays_total",
                               "POSTs answered from a stored response", registry=self.registry)
        self.refusals = Counter("notaledger_refused_total",
                                "Requests refused an object of another organisation or a "
                                "person the key may not act for", ("kind",),
                                registry=self.registry)
        self._children: dict[tuple, tuple] = {}
        self.deliveries = DeliveryCollector()
        self.registry.register(self.deliveries)

    def observe(self, response: Response) -> Response:
        asked, found = request._get_current_object(), vars(g)  # each looked up once
        rule = asked.url_rule
        started = found.get("metrics_started")
        counted, timed = self._series(asked.method, rule.rule if rule else "unmatched",
                                      response.status_code)
        counted.inc()
        timed.observe(0.0 if started is None else time.perf_counter() - started)
        if found.get("replayed"):  # answered from a stored response (idempotency.py)
            self.replays.inc()
        return response

    def _series(self, method: str, endpoint: str, status: int) -> tuple:
        """The counter and histogram of one kind of answer, found once and then kept:
        the library's own look-up validates the labels and takes a lock every time."""
        known = self._children.get((method, endpoint, status))
        if known is None:
            known = (self.requests.labels(method, endpoint, str(status)),
                     self.latency.labels(method, endpoint))
            self._children[(method, endpoint, status)] = known
        return known

    def exposition(self) -> Response:
        registry = self.registry
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            registry.register(self.deliveries)
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


class DeliveryCollector:
    """Deliveries by outcome and the age of the oldest pending, read from the outbox (which
    every process shares) when scraped."""

    def __init__(self) -> None:
        self.stats = None  # set once the app has its services: () -> outbox.stats()

    def collect(self):
        if self.stats is None:
            return
        found = self.stats()
        if found is None:
            return
        by_status = GaugeMetricFamily("notaledger_deliveries", "Deliveries in the outbox by "
                                      "outcome", labels=("status",))
        for status, count in found["by_status"].items():
            by_status.add_metric((status,), count)
        yield by_status
        yield GaugeMetricFamily("notaledger_deliveries_oldest_pending_seconds",
                                "Age of the oldest delivery not yet delivered",
                                value=found["oldest_pending_seconds"])


def _start() -> None:
    g.metrics_started = time.perf_counter()


def init_app(app: Flask) -> Metrics:
    metrics = Metrics()
    app.before_request(_start)
    app.after_request(metrics.observe)
    app.extensions["notaledger_metrics"] = metrics
    return metrics
