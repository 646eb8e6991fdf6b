"""Mixed traffic for `make load` (scripts/load-test sets the environment).

Analysts read the pages and the API; editors write draft statements through the API with a
token; reviewers write statements with stances on the principals' positions and publish them,
so that concurrent writers keep the position changes of the same demands. Every write
answered 201 (and every publication answered 200) is recorded, so the run can check that the
database holds exactly those statements afterwards.
"""

import json
import os
import random
import re
import threading
from collections import Counter

from locust import HttpUser, between, events, task

TOKEN = os.environ["LOAD_TOKEN"]
NEGOTIATION = os.environ["LOAD_NEGOTIATION"]
PARTY = os.environ["LOAD_PARTY"]
RESULTS = os.environ["LOAD_RESULTS"]
REVIEWER_TOKEN = os.environ["LOAD_REVIEWER_TOKEN"]
DEMANDS = os.environ["LOAD_DEMANDS"].split(",")
PRINCIPALS = os.environ["LOAD_PRINCIPALS"].split(",")

statuses: Counter = Counter()
acknowledged: list[int] = []
published: list[int] = []
lock = threading.Lock()
page_paths: list[str] = ["/"]


def count(response) -> None:
    with lock:
        statuses[response.status_code] += 1


@events.test_start.add_listener
def discover_pages(environment, **kwargs) -> None:
    """The pages linked from the home page (timelines...), so new pages join the mix."""
    import requests

    html = requests.get(environment.host + "/", timeout=30).text
    for path in sorted(set(re.findall(r'href="(/[^"#?]*)"', html))):
        if not path.startswith(("/admin", "/api", "/accounts", "/static")) and path != "/":
            page_paths.append(path)
    del page_paths[20:]


@events.test_stop.add_listener
def save_results(environment, **kwargs) -> None:
    with open(RESULTS, "w") as handle:
        json.dump(
            {
                "statuses": dict(statuses),
                "acknowledged": acknowledged,
                "published": published,
                "pages": page_paths,
            },
            handle,
        )


class Analyst(HttpUser):
    weight = 4
    wait_time = between(0.1, 0.5)

    def read(self, path: str, name: str | None = None) -> None:
        with self.client.get(path, name=name or path, catch_response=True) as response:
            count(response)
            if response.status_code >= 400:
                response.failure(f"status {response.status_code}")

    @task(3)
    def pages(self) -> None:
        for path in page_paths:
            self.read(path, "page " + (path if path == "/" else re.sub(r"[\w-]+/?$", "*", path)))

    @task(3)
    def api_lists(self) -> None:
        for path in ("negotiations/", "parties/", "statements/", "stances/", "sources/"):
            self.read(f"/api/v1/{path}", f"/api/v1/{path}")

    @task(1)
    def api_filtered(self) -> None:
        self.read(
            f"/api/v1/statements/?negotiation={NEGOTIATION}", "/api/v1/statements/?negotiation"
        )


class Editor(HttpUser):
    weight = 1
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {TOKEN}"

    @task
    def write_statement(self) -> None:
        payload = {
            "negotiation": NEGOTIATION,
            "party": PARTY,
            "said_on": "2022-04-01",
            "kind": "paraphrase",
            "text": f"load-test statement {os.urandom(6).hex()}",
        }
        with self.client.post(
            "/api/v1/statements/",
            json=payload,
            name="POST /api/v1/statements/",
            catch_response=True,
        ) as response:
            count(response)
            if response.status_code == 201:
                with lock:
                    body = response.json()
                    acknowledged.append(body.get("id") or body.get("url"))
            else:
                response.failure(f"status {response.status_code}: {response.text[:200]}")


class Reviewer(HttpUser):
    weight = 1
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {REVIEWER_TOKEN}"

    @task
    def publish_statement(self) -> None:
        party = random.choice(PRINCIPALS)
        payload = {
            "negotiation": NEGOTIATION,
            "party": party,
            "said_on": f"2022-0{random.randint(3, 5)}-{random.randint(1, 28):02d}",
            "kind": "paraphrase",
            "text": f"load-test publication {os.urandom(6).hex()}",
            "stances": [
                {"demand": demand, "party": party, "position": random.randint(-2, 2)}
                for demand in random.sample(DEMANDS, 2)
            ],
        }
        with self.client.post(
            "/api/v1/statements/",
            json=payload,
            name="POST statement with stances",
            catch_response=True,
        ) as response:
            count(response)
            if response.status_code != 201:
                response.failure(f"status {response.status_code}: {response.text[:200]}")
                return
            pk = response.json()["id"]
        with self.client.post(
            f"/api/v1/statements/{pk}/publish/", name="POST publish", catch_response=True
        ) as response:
            count(response)
            if response.status_code == 200:
                with lock:
                    published.append(pk)
            else:
                response.failure(f"status {response.status_code}: {response.text[:200]}")
