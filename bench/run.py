"""`make bench`: synthetic datasets, gunicorn in production settings, HTTP load, results.

For each size (default 10k, 100k, 1M stances; BENCH_SIZES=10000,100000 to choose):
1. a PostgreSQL database of its own (parley_bench_<size>, dropped and created), migrated and
   filled by `generate_synthetic`;
2. the floor: bench/floor.sql (one demand's convergence series on the fly), timed here;
3. gunicorn with production settings and 2 sync workers on a free port, no control socket;
4. bench/load.py, a separate process, measures: one client's p50/p95 on the timeline page, a
   demand page, the API statements list (first page, and a page after 90% of the rows), the
   convergence endpoint; then 16 clients' req/s on the API list (uncached, cache hit, 304),
   the ceiling view and the plain DRF list (negotiations/benchviews.py).
Before serving, bench/writes.py times a stance save (newest statement, and one in the middle of
the history; rolled back). Then the import throughput of `import_tracker`, and
bench/results.json plus the README table.
An endpoint the branch does not have yet is recorded as missing, not as a failure.

Environment: BENCH_DATABASE_URL (a server where we may create databases; default the server
of DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default
REDIS_URL, else redis://127.0.0.1:6379/15), BENCH_SIZES, BENCH_SECONDS (per throughput run).
"""

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
LATENCY_REQUESTS = int(os.environ.get("BENCH_LATENCY_REQUESTS", "200"))
CLIENTS = 16


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def server_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    return url or "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database: str, **extra: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL")
        or os.environ.get("REDIS_URL")
        or "redis://127.0.0.1:6379/15",
        **extra,
    }


def manage(database: str, *args: str, settings: str = "config.settings.local") -> float:
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(database, DJANGO_SETTINGS_MODULE=settings),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def has_command(name: str) -> bool:
    found = subprocess.run(
        [PYTHON, "manage.py", "help", name],
        cwd=ROOT,
        env=environment("postgres", DJANGO_SETTINGS_MODULE="config.settings.local"),
        capture_output=True,
    )
    return found.returncode == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with production settings and 2 sync workers, stopped on exit."""

    def __init__(self, database: str, size: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = environment(
            database,
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY="bench-only-not-secret",  # noqa: S106
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            PARLEY_BENCH_VIEWS="1",
            # 16 anonymous clients are the point of the exercise, not abuse (issue 5 throttles).
            API_THROTTLE_ANON="off",
            API_THROTTLE_USER="off",
            DATABASE_POOL_SIZE="1",  # one thread per sync worker
            CACHE_KEY_PREFIX=f"bench-{size}-{time.time_ns()}",  # a cold cache per run
            WEB_CONCURRENCY="2",
            PORT=str(self.port),
        )
        command = [
            str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-c", "config/gunicorn.py",
            "--bind", f"127.0.0.1:{self.port}", "--no-control-socket",
            "--access-logfile", "/dev/null",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("bench: gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __exit__(self, *exc):
        self.stop()


def fetch(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def load(
    url: str,
    *,
    clients: int,
    headers: dict | None = None,
    bust: bool = False,
    requests: int = LATENCY_REQUESTS,
) -> dict:
    command = [PYTHON, str(ROOT / "bench/load.py"), url, "--clients", str(clients)]
    if clients == 1:
        command += ["--requests", str(requests)]
    else:
        command += ["--seconds", str(SECONDS)]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    if bust:
        command.append("--bust")
    return json.loads(subprocess.run(command, check=True, capture_output=True).stdout)


def deep_cursor(base: str, first: str, published: int) -> str | None:
    """Walk the API's `next` links (500 rows a page) past 90% of the published rows."""
    url, seen = first.replace("page_size=100", "page_size=500"), 0
    while url and seen < 0.9 * published:
        status, body, _ = fetch(url)
        if status != 200:
            return None
        page = json.loads(body)
        seen += len(page.get("results", []))
        url = page.get("next")
    return url.replace("page_size=500", "page_size=100") if url else None


def floor(database: str, demand: int, runs: int = 15) -> dict:
    query = (ROOT / "bench/floor.sql").read_text()
    timings, rows = [], 0
    with psycopg.connect(database_url(database)) as connection:
        for _ in range(runs + 2):
            started = time.perf_counter()
            rows = len(connection.execute(query, {"demand": demand}).fetchall())
            timings.append(time.perf_counter() - started)
    timings = sorted(timings[2:])  # the first two warm the buffer cache
    return {
        "median_ms": round(statistics.median(timings) * 1000, 2),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))] * 1000, 2),
        "change_points": rows,
    }


def writes(database: str) -> dict:
    """bench/writes.py in the bench database: a stance save's p50/p95, newest and middle."""
    found = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", (ROOT / "bench/writes.py").read_text()],
        cwd=ROOT,
        env=environment(database, DJANGO_SETTINGS_MODULE="config.settings.local"),
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        return {"missing": found.stderr.strip().splitlines()[-1:]}
    return json.loads(found.stdout.strip().splitlines()[-1])


def targets(database: str) -> dict:
    with psycopg.connect(database_url(database)) as connection:
        negotiation_id, slug = connection.execute(
            "SELECT id, slug FROM negotiations_negotiation ORDER BY id LIMIT 1"
        ).fetchone()
        demand_id, demand_slug, stances = connection.execute(
            "SELECT d.id, d.slug, count(s.id) FROM negotiations_demand d "
            "JOIN negotiations_stance s ON s.demand_id = d.id WHERE d.negotiation_id = %s "
            "GROUP BY d.id ORDER BY count(s.id) DESC, d.id LIMIT 1",
            [negotiation_id],
        ).fetchone()
        published = connection.execute(
            "SELECT count(*) FROM negotiations_statement WHERE status = 'published'"
        ).fetchone()[0]
    return {
        "negotiation": slug,
        "demand": demand_slug,
        "demand_id": demand_id,
        "demand_stances": stances,
        "published_statements": published,
    }


def bench_size(size: int) -> dict:
    database = f"parley_bench_{size}"
    say(f"{size} stances: creating {database}")
    recreate_database(database)
    result: dict = {"stances": size, "load_average_before": os.getloadavg()[0]}
    try:
        manage(database, "migrate", "--no-input")
        result["generate_seconds"] = round(
            manage(database, "generate_synthetic", "--stances", str(size)), 1
        )
        say(f"{size}: generated in {result['generate_seconds']} s")
        target = targets(database)
        result["target"] = target
        result["floor"] = floor(database, target["demand_id"])
        result["writes"] = writes(database)
        say(f"{size}: a stance write {result['writes']}")
        with Server(database, size) as server:
            result.update(measure(server.base, target))
        result["load_average_after"] = os.getloadavg()[0]
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            drop_database(database)
    return result


def measure(base: str, target: dict) -> dict:
    slug, demand = target["negotiation"], target["demand"]
    api_first = f"{base}/api/v1/statements/?page_size=100"
    urls = {
        "timeline": f"{base}/negotiations/{slug}/",
        "demand_page": f"{base}/negotiations/{slug}/demands/{demand}/",
        "api_list_first": api_first,
        "convergence": f"{base}/api/v1/negotiations/{slug}/convergence/?demand={demand}",
    }
    status, _, _ = fetch(api_first)
    if status == 200:
        deep = deep_cursor(base, api_first, target["published_statements"])
        if deep:
            urls["api_list_deep"] = deep
    latency, missing = {}, {}
    for name, url in urls.items():
        status, body, _ = fetch(url)
        if status != 200:
            missing[name] = f"HTTP {status} at {url.removeprefix(base)}"
            continue
        latency[name] = load(url, clients=1)
        say(f"  {name}: p50 {latency[name]['p50_ms']} ms, p95 {latency[name]['p95_ms']} ms")
    # Pages behind cached_response answer the loop above from the cache: what a miss costs
    # (the first reader after a write) is measured too, with a unique parameter per request.
    # The API list and convergence are cheaper: 100 misses each, so their p95 means something
    # (the API targets are about the uncached list: first page, deep page).
    misses = {"timeline": 30, "demand_page": 30, "api_list_first": 100, "api_list_deep": 100}
    misses["convergence"] = 100
    for name, count in misses.items():
        if name in latency:
            latency[f"{name}_uncached"] = load(urls[name], clients=1, bust=True, requests=count)
            say(f"  {name}_uncached: p50 {latency[f'{name}_uncached']['p50_ms']} ms")
    throughput = {}
    plain = f"{base}/bench/plain-statements/?page_size=100"
    status, body, _ = fetch(plain)
    size = len(body)
    if "api_list_first" in latency:
        status, body, headers = fetch(api_first)
        size = len(body)
        throughput["api_list_uncached"] = load(api_first, clients=CLIENTS, bust=True)
        throughput["api_list_cached"] = load(api_first, clients=CLIENTS)
        etag = headers.get("ETag") or headers.get("Etag")
        if etag:
            throughput["api_list_304"] = load(
                api_first, clients=CLIENTS, headers={"If-None-Match": etag}
            )
        else:
            missing["api_list_304"] = "the API list sends no ETag"
    else:
        missing["api_list_throughput"] = "no API statements list"
    throughput["plain_drf"] = load(plain, clients=CLIENTS)
    # The same list behind negotiations.freshness.cached_response: hits and early 304s.
    cached = f"{base}/bench/cached-statements/?page_size=100"
    status, _, headers = fetch(cached)
    throughput["cached_list"] = load(cached, clients=CLIENTS)
    throughput["cached_list_304"] = load(
        cached, clients=CLIENTS, headers={"If-None-Match": headers.get("ETag", "")}
    )
    throughput["ceiling"] = load(f"{base}/bench/ceiling/?bytes={size}", clients=CLIENTS)
    for name, run in throughput.items():
        say(f"  {name}: {run['rps']} req/s ({run['bytes']} bytes)")
    return {"latency": latency, "throughput": throughput, "missing": missing}


def import_throughput() -> dict:
    """import_tracker on a negotiation exported from a 10k synthetic set, into an empty base."""
    if not (has_command("import_tracker") and has_command("export_tracker")):
        return {"missing": "import_tracker/export_tracker are not on this branch yet"}
    source, target = "parley_bench_export", "parley_bench_import"
    recreate_database(source)
    recreate_database(target)
    try:
        manage(source, "migrate", "--no-input")
        manage(source, "generate_synthetic", "--stances", "10000", "--negotiations", "2")
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "export.json")
            manage(source, "export_tracker", "-o", path)
            data = json.loads(Path(path).read_text())
            statements = sum(len(n.get("statements", [])) for n in data.get("negotiations", []))
            manage(target, "migrate", "--no-input")
            seconds = manage(target, "import_tracker", path)
        return {
            "statements": statements,
            "seconds": round(seconds, 2),
            "statements_per_second": round(statements / seconds, 1),
            "note": "wall time of the command, Django start-up included",
        }
    finally:
        drop_database(source)
        drop_database(target)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with psycopg.connect(database_url("postgres")) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"{os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}; " + (
        f"Python {platform.python_version()}; PostgreSQL {version}"
    )


def static_is_fresh() -> bool:
    """collectstatic (with WhiteNoise's compression) takes minutes: skip it when up to date."""
    manifest = ROOT / "staticfiles/staticfiles.json"
    if not manifest.exists():
        return False
    sources = [ROOT / "uv.lock", *(path for path in (ROOT / "static").rglob("*") if path.is_file())]
    return all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources)


def collect_static() -> None:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment(
            "postgres",
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY="bench-only-not-secret",  # noqa: S106
            ALLOWED_HOSTS="127.0.0.1",
        ),
        check=True,
    )


def main() -> int:
    started = time.monotonic()
    if static_is_fresh():
        say("collected static files are up to date")
    else:
        say("collecting static files (production storage, compressed; once)")
        collect_static()
    results = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "sizes": [bench_size(size) for size in SIZES],
        "import": import_throughput(),
    }
    results["total_seconds"] = round(time.monotonic() - started, 1)
    from report import summarise, write_readme  # bench/report.py, next to this file

    results["summary"] = summarise(results)
    (ROOT / "bench/results.json").write_text(json.dumps(results, indent=2) + "\n")
    write_readme(results, ROOT / "README.md")
    say(f"done in {results['total_seconds']} s: bench/results.json and the README table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
