"""The load process of `make bench`: drives one URL over HTTP and prints JSON statistics.

    python bench/load.py URL --clients 16 --seconds 8 [--header 'If-None-Match: "x"'] [--bust]

Clients are threads spread over up to 4 processes (the GIL would cap one process); each
request opens a connection, as gunicorn's sync workers close them. `--bust` appends a unique
`_bench=<n>` parameter to every request, so a response cache never answers.
"""

import argparse
import http.client
import itertools
import json
import multiprocessing
import sys
import threading
import time
from urllib.parse import urlsplit


def _client(url: str, headers: dict, bust: bool, until: float, count: int, tag: str, out):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    sep = "&" if parts.query else "?"
    numbers = itertools.count()
    done = 0
    while (count and done < count) or (not count and time.perf_counter() < until):
        target = f"{path}{sep}_bench={tag}-{next(numbers)}" if bust else path
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            body = response.read()
            connection.close()
            out.append((time.perf_counter() - started, response.status, len(body)))
        except OSError:
            out.append((time.perf_counter() - started, 0, 0))
        done += 1


def _process(args):
    url, headers, bust, until, count, threads, tag = args
    results: list = []
    workers = [
        threading.Thread(
            target=_client, args=(url, headers, bust, until, count, f"{tag}.{n}", results)
        )
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else 0.0


def run(
    url: str, *, clients: int, seconds: float, requests: int, headers: dict, bust: bool
) -> dict:
    processes = min(clients, 4)
    shares = [clients // processes + (n < clients % processes) for n in range(processes)]
    # Warm the workers (imports, connection pool, caches) before measuring.
    _process((url, headers, bust, 0, 5, 2, "warm"))
    started = time.perf_counter()
    until = started + seconds
    per_client = requests // clients if requests else 0
    jobs = [(url, headers, bust, until, per_client, n, f"p{i}") for i, n in enumerate(shares)]
    with multiprocessing.Pool(processes) as pool:
        results = [row for chunk in pool.map(_process, jobs) for row in chunk]
    elapsed = time.perf_counter() - started
    latencies = [seconds for seconds, status, _ in results if status in (200, 304)]
    statuses: dict[str, int] = {}
    for _, status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "url": url,
        "clients": clients,
        "requests": len(results),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "bytes": results[-1][2] if results else 0,
        "statuses": statuses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--requests", type=int, default=0, help="Fixed count instead of time.")
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--bust", action="store_true")
    options = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in options.header)
    result = run(
        options.url,
        clients=options.clients,
        seconds=options.seconds,
        requests=options.requests,
        headers=headers,
        bust=options.bust,
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
