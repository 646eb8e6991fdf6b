"""The negotiation domain of DESIGN.md: negotiations, demands, sources, statements, stances.

Rules that must hold whatever writes the rows (admin, API, importer, a psql session) are
database constraints; the services add the messages an editor understands.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from parties.models import Party, Person

POSITION_MIN, POSITION_MAX = -2, 2


class Position(models.IntegerChoices):
    """The position scale: support for the demand being met as stated."""

    SUPPORTS = 2, "supports"
    CONDITIONAL = 1, "conditional"
    OPEN = 0, "open"
    RESISTS = -1, "resists"
    REJECTS = -2, "rejects"


class Negotiation(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    convergence_threshold = models.PositiveSmallIntegerField(
        default=1, help_text="Converged when the gap between principals is at most this (0-4)."
    )
    parties = models.ManyToManyField(Party, through="Participant", related_name="negotiations")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(convergence_threshold__lte=4),
                name="negotiation_threshold_within_scale",
                violation_error_message="The convergence threshold is a gap from 0 to 4.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    class Role(models.TextChoices):
        PRINCIPAL = "principal", "Principal"
        MEDIATOR = "mediator", "Mediator"
        GUARANTOR = "guarantor", "Guarantor"
        OBSERVER = "observer", "Observer"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="participants"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role, default=Role.PRINCIPAL)

    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "role", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "party"],
                name="participant_once_per_negotiation",
                violation_error_message="This party already takes part in the negotiation.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_role_display()})"


class Round(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video"
        SHUTTLE = "shuttle", "Shuttle"
        OTHER = "other", "Other"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="rounds")
    date = models.DateField()
    title = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=20, choices=Format, default=Format.IN_PERSON)

    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "date", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"


class Demand(models.Model):
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="demands")
    slug = models.SlugField(max_length=100)
    title = models.CharField(
        max_length=300, help_text="A proposition whose acceptance can be measured."
    )
    description = models.TextField(blank=True)
    demanded_by = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="demands_made")
    addressed_to = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="demands_received"
    )
    topic = models.CharField(max_length=100, blank=True)
    weight = models.FloatField(default=1.0, help_text="Salience in the negotiation's index.")
    keywords = models.TextField(
        blank=True, help_text="One keyword or phrase per line; helps match articles to it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["negotiation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "slug"],
                name="demand_slug_unique_per_negotiation",
                violation_error_message="This negotiation already has a demand with this slug.",
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="demand_weight_positive",
                violation_error_message="The weight must be greater than zero.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Source(models.Model):
    class Reliability(models.TextChoices):
        """The Admiralty scale's source reliability."""

        A = "A", "A - completely reliable"
        B = "B", "B - usually reliable"
        C = "C", "C - fairly reliable"
        D = "D", "D - not usually reliable"
        E = "E", "E - unreliable"
        F = "F", "F - reliability cannot be judged"

    url = models.URLField(max_length=2000, unique=True)
    outlet = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)
    reliability = models.CharField(max_length=1, choices=Reliability, default=Reliability.F)
    archived_url = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "id"]

    def __str__(self) -> str:
        return self.title or self.url


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Statement.Status.PUBLISHED)

    def visible_to(self, user):
        """Anonymous readers see published statements only; signed-in staff see all."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.published()


class Statement(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class Kind(models.TextChoices):
        QUOTE = "quote", "Quote"
        PARAPHRASE = "paraphrase", "Paraphrase"
        REPORT = "report", "Report"
        DOCUMENT = "document", "Document"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETRACTED = "retracted", "Retracted"

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.PROTECT, related_name="statements"
    )
    said_on = models.DateField()
    said_on_precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    speaker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="statements", help_text="Whom it speaks for."
    )
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.QUOTE)
    text = models.TextField(help_text="The exact words for a quote.")
    language = models.CharField(max_length=10, blank=True)
    translation = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    retraction_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-said_on", "-id"]
        # Reviewers hold it (the Reviewers group); Editors only write drafts.
        permissions = [("publish_statement", "Can publish and retract statements")]
        indexes = [
            models.Index(fields=["negotiation", "status", "said_on", "id"]),
            # The statements list across negotiations, newest first, keyset-paged: without it
            # the first page sorts every published row (690 ms at 1M stances; 0.2 ms with it).
            models.Index(fields=["status", "said_on", "id"], name="statement_status_said_on_id"),
            # Who spoke in a negotiation (the timeline's speaker filter): one probe per person
            # instead of a DISTINCT over the negotiation's statements (59 ms at 1M stances).
            models.Index(fields=["speaker", "negotiation"], name="statement_speaker_negotiation"),
            # Where a party spoke (the party page): 576 ms at 1M stances without, 1 ms with.
            models.Index(fields=["party", "negotiation"], name="statement_party_negotiation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="quote") | Q(source__isnull=False),
                name="statement_quote_has_source",
                violation_error_message="A quote needs a source.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="statement_text_not_empty",
                violation_error_message="A statement needs its text.",
            ),
        ]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.party} {self.said_on:%Y-%m-%d}: {words}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # Its date and status when loaded: only a change of these moves positions
        # (position_changes.py), so a text edit skips recomputing them.
        loaded = (instance.__dict__.get("said_on"), instance.__dict__.get("status"))
        if None not in loaded:
            instance._loaded_dating = loaded
        return instance


class Stance(models.Model):
    """What one statement says of one party's position on one demand."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="stances")
    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="stances")
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="stances",
        help_text="Whose position; the statement's party unless it reports another's.",
    )
    position = models.SmallIntegerField(choices=Position)
    conditions = models.TextField(blank=True, help_text='e.g. "only with security guarantees".')
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "demand", "party"]
        indexes = [
            # One (demand, party)'s stances, read index-only when a write recomputes its
            # position changes (position_changes.py): at 1M stances, from mid-2025 on, 3.5 ms
            # against 44 ms with the plain (demand, party) index that it replaces.
            models.Index(
                fields=["demand", "party", "statement"],
                include=["id", "position", "created_at"],
                name="stance_pair_statement",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=POSITION_MIN) & Q(position__lte=POSITION_MAX),
                name="stance_position_within_scale",
                violation_error_message="The position must be between -2 and 2.",
            ),
            models.UniqueConstraint(
                fields=["statement", "demand", "party"],
                name="stance_once_per_statement_demand_party",
                violation_error_message=(
                    "This statement already has a stance of this party on this demand."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} on {self.demand}: {self.get_position_display()}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # Where it was when loaded: a save that moves it refreshes both (position_changes).
        loaded = tuple(instance.__dict__.get(f) for f in ("demand_id", "party_id", "statement_id"))
        if None not in loaded:
            instance._loaded_key = loaded
        return instance


class PositionChange(models.Model):
    """A published stance that moved its party's effective position on a demand: a step.

    Derived data, never edited: for each (demand, party), the days on which the party's
    position at the end of the day differs from the day before, and on such a day every
    stance that states the new position (DESIGN.md: the last recorded stance of a day wins;
    a stance that repeats the position changes nothing). The convergence engine gives the same
    answer from these rows as from every stance, so pages and the API read a few hundred rows
    per negotiation instead of all its stances. `negotiations/position_changes.py` keeps the
    rows in step with every write, in the writing transaction.
    """

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    said_on = models.DateField()
    position = models.SmallIntegerField(choices=Position)
    stance = models.OneToOneField(Stance, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    #: The stance's created_at: it orders one day's stances, as in the engine.
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["demand", "party", "said_on"])]

    def __str__(self) -> str:
        return f"{self.party_id} on {self.demand_id} from {self.said_on}: {self.position:+d}"
