"""Actors, named after the Popolo standard where it fits (Organization -> Party)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

color_validator = RegexValidator(r"^#[0-9A-Fa-f]{6}$", "Use a hex colour such as #0072B2.")
country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code in capitals, such as UA."
)


class Party(models.Model):
    class Classification(models.TextChoices):
        STATE = "state", "State"
        GOVERNMENT = "government", "Government"
        DELEGATION = "delegation", "Delegation"
        ARMED_GROUP = "armed_group", "Armed group"
        INTERNATIONAL_ORG = "international_org", "International organisation"
        MEDIATOR = "mediator", "Mediator"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    short_name = models.CharField(max_length=20, blank=True)
    classification = models.CharField(
        max_length=20, choices=Classification, default=Classification.STATE
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    country_code = models.CharField(max_length=2, blank=True, validators=[country_code_validator])
    color = models.CharField(
        max_length=7, default="#666666", validators=[color_validator], help_text="For charts."
    )
    wikidata_id = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    other_names = models.JSONField(
        default=list, blank=True, help_text="Aliases and transliterations, e.g. Zelenskyy."
    )
    wikidata_id = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.other_names, list) or not all(
            isinstance(name, str) for name in self.other_names
        ):
            raise ValidationError({"other_names": "Give a list of names."})


class Membership(models.Model):
    """Whom a person spoke for, in which role, between two dates (open-ended when null)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role or 'member'}, {self.party})"

    def covers(self, day) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )
