"""The exchange format: JSON paths in errors, all or nothing, idempotence, the round trip."""

import copy
import errno
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from negotiations.exchange import ExchangeError, export_document, import_document
from negotiations.exchange.exporter import dumps
from negotiations.models import (
    Demand,
    Negotiation,
    Participant,
    Round,
    Source,
    Stance,
    Statement,
)
from parties.models import Membership, Party, Person
from tests.factories import NegotiationFactory, StanceFactory

pytestmark = pytest.mark.django_db

DEMO_FILE = settings.BASE_DIR / "negotiations" / "demo" / "russia-ukraine-2022.json"


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def empty_the_database() -> None:
    """Everything the exchange format holds, in an order the PROTECT keys allow."""
    for model in (Stance, Statement, Source, Demand, Round, Participant, Negotiation):
        model.objects.all().delete()
    for model in (Membership, Person):
        model.objects.all().delete()
    Party.objects.update(parent=None)
    Party.objects.all().delete()


def counts() -> dict[str, int]:
    models = (Party, Person, Membership, Negotiation, Participant, Round, Demand, Source)
    return {m.__name__: m.objects.count() for m in (*models, Statement, Stance)}


def history_counts() -> dict[str, int]:
    return {m.__name__: m.history.count() for m in (Party, Person, Statement, Stance, Source)}


# --- the round trip ------------------------------------------------------------------------


def test_round_trip_of_the_demo_file_gives_identical_exports(demo, tmp_path):
    import_document(copy.deepcopy(demo))
    first = tmp_path / "first.json"
    call_command("export_tracker", "-o", str(first))

    empty_the_database()
    assert sum(counts().values()) == 0
    call_command("import_tracker", str(first))
    second = tmp_path / "second.json"
    call_command("export_tracker", "-o", str(second))

    assert first.read_bytes() == second.read_bytes()

    exported = json.loads(second.read_text(encoding="utf-8"))
    assert {p["slug"] for p in exported["parties"]} == {p["slug"] for p in demo["parties"]}
    assert {p["slug"] for p in exported["people"]} == {p["slug"] for p in demo["people"]}
    (negotiation,) = exported["negotiations"]
    (original,) = demo["negotiations"]
    assert [d["slug"] for d in negotiation["demands"]] == [d["slug"] for d in original["demands"]]

    def statement_keys(statements):
        return sorted(
            (s["said_on"], s["party"], s["speaker"] or "", s["source"]["url"], s["text"])
            for s in statements
        )

    def stance_keys(statements):
        return sorted(
            (s["text"], st["demand"], st["party"], st["position"], st["conditions"] or "")
            for s in statements
            for st in s["stances"]
        )

    assert statement_keys(negotiation["statements"]) == statement_keys(original["statements"])
    assert stance_keys(negotiation["statements"]) == stance_keys(original["statements"])
    assert len(negotiation["statements"]) == 34
    assert sum(len(s["stances"]) for s in negotiation["statements"]) == 75


def test_export_is_deterministic_and_filters_by_negotiation(demo):
    import_document(copy.deepcopy(demo))
    StanceFactory()  # another negotiation with its own parties
    whole = export_document()
    assert dumps(whole) == dumps(export_document())
    assert len(whole["negotiations"]) == 2

    only = export_document(negotiation_slugs=["russia-ukraine-2022"])
    assert [n["slug"] for n in only["negotiations"]] == ["russia-ukraine-2022"]
    assert {p["slug"] for p in only["parties"]} == {p["slug"] for p in demo["parties"]}
    # The filtered export is a complete file: it imports on its own.
    empty_the_database()
    import_document(only)
    assert Statement.objects.count() == 34


# --- idempotence ---------------------------------------------------------------------------


def test_importing_twice_changes_nothing(demo):
    first = import_document(copy.deepcopy(demo))
    assert first.created["statements"] == 34
    assert first.created["stances"] == 75
    before, history_before = counts(), history_counts()
    again = import_document(copy.deepcopy(demo))
    assert not again.changed_anything
    assert counts() == before
    assert history_counts() == history_before  # no new history entry either


def test_a_changed_value_updates_the_row_and_records_history(demo):
    import_document(copy.deepcopy(demo))
    changed = copy.deepcopy(demo)
    changed["negotiations"][0]["statements"][0]["stances"][0]["position"] = 1
    changed["parties"][0]["color"] = "#123456"
    summary = import_document(changed)
    assert summary.updated["stances"] == 1
    assert summary.updated["parties"] == 1
    assert Party.objects.get(slug=demo["parties"][0]["slug"]).color == "#123456"
    assert Stance.history.filter(history_type="~", history_change_reason="import").count() == 1


def test_a_file_may_name_parties_already_in_the_database(demo):
    import_document(copy.deepcopy(demo))
    partial = {
        "format": "negotiation-tracker",
        "version": 1,
        "negotiations": [
            {
                "slug": "follow-up",
                "title": "Follow-up",
                "participants": [{"party": "russia"}, {"party": "ukraine"}],
            }
        ],
    }
    import_document(partial)
    assert Negotiation.objects.get(slug="follow-up").participants.count() == 2


# --- errors name the JSON path, and nothing is imported ------------------------------------


def mutate(document: dict, path: list, value) -> dict:
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


ERRORS = [
    (
        ["negotiations", 0, "statements", 12, "stances", 0, "position"],
        7,
        "negotiations[0].statements[12].stances[0].position",
    ),
    (
        ["negotiations", 0, "statements", 3, "stances", 0, "demand"],
        "no-such-demand",
        "negotiations[0].statements[3].stances[0].demand",
    ),
    (
        ["negotiations", 0, "statements", 5, "said_on"],
        "2022-13-40",
        "negotiations[0].statements[5].said_on",
    ),
    (
        ["negotiations", 0, "statements", 5, "said_on"],
        "2999-01-01",
        "negotiations[0].statements[5].said_on",
    ),
    (
        ["negotiations", 0, "statements", 2, "party"],
        "atlantis",
        "negotiations[0].statements[2].party",
    ),
    (["negotiations", 0, "statements", 2, "text"], "", "negotiations[0].statements[2].text"),
    (["negotiations", 0, "statements", 2, "kind"], "rumour", "negotiations[0].statements[2].kind"),
    (
        ["negotiations", 0, "statements", 1, "source", "reliability"],
        "Z",
        "negotiations[0].statements[1].source.reliability",
    ),
    (["negotiations", 0, "demands", 0, "weight"], 0, "negotiations[0].demands[0].weight"),
    (
        ["negotiations", 0, "participants", 0, "role"],
        "referee",
        "negotiations[0].participants[0].role",
    ),
    (["parties", 1, "color"], "red", "parties[1].color"),
    (["memberships", 0, "person"], "nobody", "memberships[0].person"),
    (["people", 0, "slug"], KeyError, "people[0].slug"),
    (["version"], 2, "version"),
]


@pytest.mark.parametrize(("path", "value", "where"), ERRORS, ids=[e[2] for e in ERRORS])
def test_an_error_names_the_json_path_and_nothing_is_imported(demo, path, value, where):
    with pytest.raises(ExchangeError) as error:
        import_document(mutate(demo, path, value))
    assert where in [p for p, _ in error.value.errors], str(error.value)
    assert sum(counts().values()) == 0


def test_a_quote_without_source_is_refused(demo):
    statements = demo["negotiations"][0]["statements"]
    index = next(i for i, s in enumerate(statements) if s["kind"] == "quote")
    changed = mutate(demo, ["negotiations", 0, "statements", index, "source"], None)
    with pytest.raises(ExchangeError, match=rf"statements\[{index}\]\.source: is required"):
        import_document(changed)


def test_a_duplicate_stance_is_refused(demo):
    changed = copy.deepcopy(demo)
    stances = changed["negotiations"][0]["statements"][0]["stances"]
    stances.append(dict(stances[0]))
    with pytest.raises(ExchangeError, match="repeats the stance"):
        import_document(changed)


def test_the_command_exits_non_zero_and_prints_the_path(demo, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(mutate(demo, ["negotiations", 0, "statements", 12, "stances", 0, "position"], 9))
    )
    with pytest.raises(CommandError, match=r"negotiations\[0\]\.statements\[12\]\.stances\[0\]"):
        call_command("import_tracker", str(bad))
    # And as a process: a non-zero exit status, the path on stderr. Checking happens before
    # any database access, so the process needs no database of its own.
    result = subprocess.run(
        [sys.executable, "manage.py", "import_tracker", str(bad)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=False,
    )
    assert result.returncode != 0
    assert "negotiations[0].statements[12].stances[0].position" in result.stderr
    assert Party.objects.count() == 0


def test_broken_json_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "negotiation-tracker",')
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_tracker", str(broken))


# --- the export file is written atomically -------------------------------------------------


def test_a_failed_write_leaves_the_earlier_file_and_no_partial_file(demo, tmp_path, monkeypatch):
    import_document(copy.deepcopy(demo))
    target = tmp_path / "backup.json"
    target.write_text("the earlier backup")

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)  # a full disk, as the kernel reports it
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("export_tracker", "-o", str(target))
    assert target.read_text() == "the earlier backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.json"]


def test_an_unwritable_destination_is_reported(tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        call_command("export_tracker", "-o", str(tmp_path / "missing-folder" / "out.json"))


def test_an_unknown_negotiation_is_reported():
    NegotiationFactory(slug="known")
    with pytest.raises(CommandError, match="No negotiation with the slug unknown"):
        call_command("export_tracker", "--negotiation", "unknown")


# --- cost: the number of queries does not grow with the number of statements ---------------


def bigger(demo: dict, copies: int) -> dict:
    """The demo file with each statement repeated under new text and source URLs."""
    document = copy.deepcopy(demo)
    statements = document["negotiations"][0]["statements"]
    extra = []
    for n in range(1, copies):
        for statement in copy.deepcopy(statements):
            statement["text"] += f" ({n})"
            if statement["source"]:
                statement["source"]["url"] += f"?copy={n}"
            extra.append(statement)
    statements.extend(extra)
    return document


def test_import_and_export_queries_do_not_grow_with_the_statements(
    demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(80) as small:
        import_document(copy.deepcopy(demo))
    empty_the_database()
    with django_assert_max_num_queries(len(small.captured_queries)):
        import_document(bigger(demo, 4))
    assert Statement.objects.count() == 4 * 34

    with django_assert_max_num_queries(15) as export:
        export_document()
    import_document(bigger(demo, 6))
    with django_assert_max_num_queries(len(export.captured_queries)):
        export_document()
