"""Write a checked exchange document: one transaction, idempotent, in bulk.

Matching (what makes a second import of the same file change nothing):
- parties, people, negotiations by `slug`; demands by (negotiation, `slug`); sources by `url`;
- memberships by (person, party, role, start_date); participants by (negotiation, party);
  rounds by (negotiation, date, title);
- statements have no natural key in the format, so they are matched by (negotiation, said_on,
  party, speaker, source URL, text): a statement whose text is corrected in the file is a new
  statement (the old one stays; retract it in the admin);
- stances by (statement, demand, party).
A matched row takes the file's values; rows that already equal the file are not written, so
their history gets no new entry. The import never deletes anything.

Rows are written with simple_history's bulk helpers, so every import leaves history entries
(change reason "import") like any other change.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from negotiations import position_changes
from negotiations.alerts.outbox import outbox_record_recompute
from negotiations.exchange.reader import ExchangeError, read_document
from negotiations.freshness import bump_data_version
from negotiations.models import Demand, Negotiation, Participant, Round, Source, Stance, Statement
from parties.models import Membership, Party, Person

CHANGE_REASON = "import"
BATCH_SIZE = 1000


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        parts = []
        for name in sorted(set(self.created) | set(self.updated) | set(self.unchanged)):
            parts.append(
                f"{name}: {self.created.get(name, 0)} new, {self.updated.get(name, 0)} changed, "
                f"{self.unchanged.get(name, 0)} unchanged"
            )
        return "; ".join(parts)

    @property
    def changed_anything(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def import_file(path: str | Path, *, by=None) -> ImportSummary:
    """Read, check and import a file; ExchangeError for unreadable JSON or invalid content."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            [("", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")]
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise ExchangeError([("", f"cannot read {path}: {error}")]) from error
    return import_document(document, by=by)


def import_document(document, *, by=None) -> ImportSummary:
    data = read_document(document)
    try:
        with transaction.atomic():
            # Bulk writes send no post_save: cached pages learn of the import here (freshness).
            transaction.on_commit(bump_data_version)
            return _Writer(by=by).write(data)
    except IntegrityError as error:
        # The checks above mirror every constraint; this is a last line of defence.
        raise ExchangeError([("", f"the database refused the import: {error}")]) from error
    except DatabaseError as error:
        raise ExchangeError([("", f"database error, nothing imported: {error}")]) from error


class _Writer:
    def __init__(self, *, by):
        self.by = by
        self.now = timezone.now()
        self.summary = ImportSummary()
        self.parties: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self.sources: dict[str, int] = {}

    def write(self, data: dict) -> ImportSummary:
        self._resolve_external(data)
        self._parties(data["parties"])
        self._people(data["people"])
        self._memberships(data["memberships"])
        self._sources(data["sources"])
        for index, negotiation in enumerate(data["negotiations"]):
            self._negotiation(negotiation, f"negotiations[{index}]")
        return self.summary

    # --- helpers ------------------------------------------------------------------------
    def _upsert(
        self,
        model: type[models.Model],
        label: str,
        wanted: Iterable[tuple[object, dict]],
        existing: dict[object, models.Model],
    ) -> dict[object, models.Model]:
        """Create missing rows and update differing ones; returns key -> row."""
        to_create, to_update, changed_fields = [], [], set()
        rows = dict(existing)
        seen: set = set()  # a key given twice in the file is written once
        unchanged = 0
        for key, values in wanted:
            if key in seen:
                continue
            seen.add(key)
            row = rows.get(key)
            if row is None:
                row = model(**values)
                rows[key] = row
                to_create.append(row)
                continue
            differing = [name for name, value in values.items() if getattr(row, name) != value]
            if not differing:
                unchanged += 1
                continue
            for name in differing:
                setattr(row, name, values[name])
            changed_fields.update(differing)
            to_update.append(row)
        if to_create:
            bulk_create_with_history(
                to_create,
                model,
                batch_size=BATCH_SIZE,
                default_user=self.by,
                default_change_reason=CHANGE_REASON,
            )
        if to_update:
            fields = sorted(changed_fields)
            if any(f.name == "updated_at" for f in model._meta.fields):
                for row in to_update:
                    row.updated_at = self.now
                fields.append("updated_at")
            bulk_update_with_history(
                to_update,
                model,
                fields,
                batch_size=BATCH_SIZE,
                default_user=self.by,
                default_change_reason=CHANGE_REASON,
            )
        self.summary.created[label] = self.summary.created.get(label, 0) + len(to_create)
        self.summary.updated[label] = self.summary.updated.get(label, 0) + len(to_update)
        self.summary.unchanged[label] = self.summary.unchanged.get(label, 0) + unchanged
        return rows

    def _resolve_external(self, data: dict) -> None:
        """Slugs the file uses but does not define must name rows already in the database."""
        errors = []
        for model, wanted, into in (
            (Party, data["external_parties"], self.parties),
            (Person, data["external_people"], self.people),
        ):
            if not wanted:
                continue
            found = dict(model.objects.filter(slug__in=wanted).values_list("slug", "pk"))
            into.update(found)
            noun = "party" if model is Party else "person"
            for slug, path in wanted.items():
                if slug not in found:
                    errors.append((path, f"names no {noun} of the file or the database: {slug!r}"))
        if errors:
            raise ExchangeError(errors)

    # --- actors -------------------------------------------------------------------------
    def _parties(self, parties: list[dict]) -> None:
        fields = ("name", "short_name", "classification", "country_code", "color", "wikidata_id")
        existing = {p.slug: p for p in Party.objects.filter(slug__in=[p["slug"] for p in parties])}
        rows = self._upsert(
            Party,
            "parties",
            ((p["slug"], {"slug": p["slug"], **{f: p[f] for f in fields}}) for p in parties),
            existing,
        )
        self.parties.update({slug: row.pk for slug, row in rows.items()})
        # Parents last: a parent may come after its child in the file.
        parent_changes = []
        for party in parties:
            row = rows[party["slug"]]
            parent_id = self.parties[party["parent"]] if party["parent"] else None
            if row.parent_id != parent_id:
                row.parent_id = parent_id
                parent_changes.append(row)
        if parent_changes:
            bulk_update_with_history(
                parent_changes,
                Party,
                ["parent"],
                default_user=self.by,
                default_change_reason=CHANGE_REASON,
            )

    def _people(self, people: list[dict]) -> None:
        existing = {p.slug: p for p in Person.objects.filter(slug__in=[p["slug"] for p in people])}
        rows = self._upsert(Person, "people", ((p["slug"], p) for p in people), existing)
        self.people.update({slug: row.pk for slug, row in rows.items()})

    def _memberships(self, memberships: list[dict]) -> None:
        person_ids = {self.people[m["person"]] for m in memberships}
        existing = {
            (m.person_id, m.party_id, m.role, m.start_date): m
            for m in Membership.objects.filter(person_id__in=person_ids)
        }
        wanted = []
        for m in memberships:
            person_id, party_id = self.people[m["person"]], self.parties[m["party"]]
            key = (person_id, party_id, m["role"], m["start_date"])
            values = {
                "person_id": person_id,
                "party_id": party_id,
                "role": m["role"],
                "start_date": m["start_date"],
                "end_date": m["end_date"],
            }
            wanted.append((key, values))
        self._upsert(Membership, "memberships", wanted, existing)

    def _sources(self, sources: dict[str, dict]) -> None:
        existing = {s.url: s for s in Source.objects.filter(url__in=list(sources))}
        rows = self._upsert(Source, "sources", sources.items(), existing)
        self.sources = {url: row.pk for url, row in rows.items()}

    # --- a negotiation and what hangs off it ----------------------------------------------
    def _changes(self) -> int:
        return sum(self.summary.created.values()) + sum(self.summary.updated.values())

    def _negotiation(self, data: dict, path: str) -> None:
        changes_before = self._changes()
        fields = ("title", "description", "start_date", "end_date", "convergence_threshold")
        existing = {n.slug: n for n in Negotiation.objects.filter(slug=data["slug"])}
        values = {"slug": data["slug"], **{f: data[f] for f in fields}}
        negotiation = self._upsert(Negotiation, "negotiations", [(data["slug"], values)], existing)[
            data["slug"]
        ]
        nid = negotiation.pk

        self._upsert(
            Participant,
            "participants",
            (
                (
                    self.parties[p["party"]],
                    {
                        "negotiation_id": nid,
                        "party_id": self.parties[p["party"]],
                        "role": p["role"],
                    },
                )
                for p in data["participants"]
            ),
            {p.party_id: p for p in Participant.objects.filter(negotiation_id=nid)},
        )
        self._upsert(
            Round,
            "rounds",
            (((r["date"], r["title"]), {"negotiation_id": nid, **r}) for r in data["rounds"]),
            {(r.date, r.title): r for r in Round.objects.filter(negotiation_id=nid)},
        )
        demand_fields = ("slug", "title", "description", "topic", "weight", "keywords")
        demands = self._upsert(
            Demand,
            "demands",
            (
                (
                    d["slug"],
                    {
                        **{f: d[f] for f in demand_fields},
                        "negotiation_id": nid,
                        "demanded_by_id": self.parties[d["demanded_by"]],
                        "addressed_to_id": self.parties[d["addressed_to"]]
                        if d["addressed_to"]
                        else None,
                    },
                )
                for d in data["demands"]
            ),
            {d.slug: d for d in Demand.objects.filter(negotiation_id=nid)},
        )
        demand_ids = {slug: row.pk for slug, row in demands.items()}
        self._statements(nid, data["statements"], demand_ids)
        if self._changes() != changes_before:
            # Bulk writes send no signals: the position changes are recomputed here, in the
            # import's transaction. Stances, statements, principals or the threshold may have
            # changed: the negotiation's convergence events are recomputed once it commits.
            position_changes.rebuild([nid])
            outbox_record_recompute(negotiation_id=nid, demand_ids=demand_ids.values())

    def _statements(self, nid: int, statements: list[dict], demand_ids: dict[str, int]) -> None:
        def key_of(s: dict) -> tuple:
            return (
                s["said_on"],
                self.parties[s["party"]],
                self.people[s["speaker"]] if s["speaker"] else None,
                self.sources[s["source_url"]] if s["source_url"] else None,
                s["text"],
            )

        existing = {
            (s.said_on, s.party_id, s.speaker_id, s.source_id, s.text): s
            for s in Statement.objects.filter(negotiation_id=nid)
        }
        wanted = []
        for s in statements:
            key = key_of(s)
            wanted.append(
                (
                    key,
                    {
                        "negotiation_id": nid,
                        "said_on": s["said_on"],
                        "said_on_precision": s["said_on_precision"],
                        "party_id": key[1],
                        "speaker_id": key[2],
                        "source_id": key[3],
                        "kind": s["kind"],
                        "text": s["text"],
                        "language": s["language"],
                        "translation": s["translation"],
                        "status": s["status"],
                        "retraction_reason": s["retraction_reason"],
                    },
                )
            )
        rows = self._upsert(Statement, "statements", wanted, existing)

        existing_stances = {
            (st.statement_id, st.demand_id, st.party_id): st
            for st in Stance.objects.filter(statement__negotiation_id=nid)
        }
        wanted_stances = []
        for s in statements:
            statement_id = rows[key_of(s)].pk
            for st in s["stances"]:
                key = (statement_id, demand_ids[st["demand"]], self.parties[st["party"]])
                wanted_stances.append(
                    (
                        key,
                        {
                            "statement_id": key[0],
                            "demand_id": key[1],
                            "party_id": key[2],
                            "position": st["position"],
                            "conditions": st["conditions"],
                        },
                    )
                )
        self._upsert(Stance, "stances", wanted_stances, existing_stances)
