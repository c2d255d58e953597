"""/metrics in the Prometheus text format."""

import re

import pytest

pytestmark = pytest.mark.single_binary(
    reason="/metrics is each process's own, scraped at every service; the gateway does not route it")

SAMPLE = re.compile(r'^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')

BUCKETS = ["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
           "10", "+Inf"]


def scrape(server):
    r = server.get("/metrics", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    samples = []
    types = {}
    for line in r.text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        assert m, f"not a Prometheus sample line: {line!r}"
        labels = dict(LABEL.findall(m["labels"] or ""))
        samples.append((m["name"], labels, float(m["value"])))
    return samples, types


def value(samples, name, **labels):
    found = [v for n, l, v in samples if n == name and l == labels]
    assert len(found) <= 1
    return found[0] if found else 0.0


def test_metric_types(server):
    _, types = scrape(server)
    assert types["authorworks_http_requests_total"] == "counter"
    assert types["authorworks_http_request_duration_seconds"] == "histogram"
    assert types["authorworks_http_requests_in_flight"] == "gauge"
    assert types["authorworks_build_info"] == "gauge"


def test_requests_total_counts_by_route_template_and_status(server):
    before, _ = scrape(server)
    for _ in range(3):
        assert server.get("/ready").status_code == 200
    assert server.get("/api/v1/metrics-test-missing").status_code == 404
    assert server.request("DELETE", "/ready").status_code == 405
    after, _ = scrape(server)

    def delta(**labels):
        return value(after, "authorworks_http_requests_total", **labels) - value(
            before, "authorworks_http_requests_total", **labels)

    assert delta(method="GET", route="/ready", status="200") == 3
    assert delta(method="GET", route="unmatched", status="404") == 1
    assert delta(method="DELETE", route="unmatched", status="405") == 1
    # The first scrape was counted once it was answered.
    assert delta(method="GET", route="/metrics", status="200") == 1
    # Paths never become labels.
    for name, labels, _ in after:
        if name == "authorworks_http_requests_total":
            assert "metrics-test-missing" not in labels["route"]


def test_duration_histogram_has_buckets(server):
    for _ in range(2):
        server.get("/ready")
    samples, _ = scrape(server)
    labels = {"method": "GET", "route": "/ready"}
    buckets = [(l["le"], v) for n, l, v in samples
               if n == "authorworks_http_request_duration_seconds_bucket"
               and {k: l[k] for k in l if k != "le"} == labels]
    assert [le for le, _ in buckets] == BUCKETS
    counts = [v for _, v in buckets]
    assert counts == sorted(counts), "bucket counts must not decrease"
    count = value(samples, "authorworks_http_request_duration_seconds_count", **labels)
    assert count >= 2
    assert counts[-1] == count
    total = value(samples, "authorworks_http_request_duration_seconds_sum", **labels)
    assert 0 < total < count * 5


def test_in_flight_counts_the_scrape_itself(server):
    samples, _ = scrape(server)
    assert value(samples, "authorworks_http_requests_in_flight") == 1


def test_build_info(server):
    version = server.get("/health").json()["version"]
    samples, _ = scrape(server)
    info = [(l, v) for n, l, v in samples if n == "authorworks_build_info"]
    assert len(info) == 1
    labels, v = info[0]
    assert v == 1
    assert labels["service"] == "authorworks"
    assert labels["version"] == version
    assert re.fullmatch(r"[0-9a-f]{4,40}|unknown", labels["revision"]), labels
