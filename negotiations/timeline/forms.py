"""The timeline's filters, read from the query string (every view state is a URL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms


class TimelineFilterForm(forms.Form):
    """Choices come from the page's own data, so a stale or forged slug is a clear error."""

    demand = forms.ChoiceField(required=False, label="Demand")
    party = forms.ChoiceField(required=False, label="Party")
    speaker = forms.ChoiceField(required=False, label="Speaker")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    as_known_on = forms.DateField(
        required=False,
        label="As known on",
        help_text="Only what had been recorded by the end of that day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "words in statements"}),
    )

    def __init__(self, data, *, demands, parties, speakers):
        super().__init__(data)
        self.fields["demand"].choices = [("", "All demands")] + [(d.slug, d.title) for d in demands]
        self.fields["party"].choices = [("", "All parties")] + [(p.slug, p.name) for p in parties]
        self.fields["speaker"].choices = [("", "Anyone")] + [(p.slug, p.name) for p in speakers]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


@dataclass(frozen=True)
class TimelineFilters:
    """The valid filters; an invalid field is dropped (and the form shows why)."""

    demand: str = ""
    party: str = ""
    speaker: str = ""
    date_from: date | None = None
    date_to: date | None = None
    as_known_on: date | None = None
    q: str = ""

    @classmethod
    def from_form(cls, form: TimelineFilterForm) -> TimelineFilters:
        form.is_valid()
        values = {
            name: form.cleaned_data[name]
            for name in cls.__dataclass_fields__
            if name in form.cleaned_data and form.cleaned_data[name] not in (None, "")
        }
        if "q" in values:
            values["q"] = values["q"].strip()
        return cls(**values)

    @property
    def narrows_statements(self) -> bool:
        """Whether the feed (and the markers) show only some statements."""
        return bool(self.party or self.speaker or self.q)
