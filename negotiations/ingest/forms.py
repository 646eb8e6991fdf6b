"""The review form: a candidate's statement fields and its stances, as the editor edits them."""

from __future__ import annotations

from django import forms

from negotiations.ingest.models import Candidate
from negotiations.models import Demand, Position, Statement
from negotiations.services import StanceInput
from parties.models import Party, Person

EXTRA_STANCE_ROWS = 2


class CandidateReviewForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 80}))
    said_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=Statement.Kind.choices)
    speaker = forms.ModelChoiceField(Person.objects.order_by("name"), required=False)
    create_person = forms.BooleanField(required=False)
    party = forms.ModelChoiceField(Party.objects.none())
    merge_into = forms.ModelChoiceField(
        Statement.objects.none(),
        required=False,
        help_text="For Merge: the existing statement this one repeats.",
    )

    def __init__(self, *args, candidate: Candidate, **kwargs):
        statement = candidate.statement
        stances = list(statement.stances.select_related("demand", "party"))
        initial = {
            "text": statement.text,
            "said_on": statement.said_on,
            "kind": statement.kind,
            "speaker": statement.speaker_id,
            "party": statement.party_id,
            "merge_into": candidate.duplicate_of_id,
        }
        for i, stance in enumerate(stances):
            initial[f"stance_{i}_demand"] = stance.demand_id
            initial[f"stance_{i}_party"] = stance.party_id
            initial[f"stance_{i}_position"] = stance.position
        super().__init__(*args, initial=initial, **kwargs)
        negotiation = statement.negotiation
        parties = Party.objects.filter(participations__negotiation=negotiation).order_by("name")
        self.fields["party"].queryset = parties
        self.fields["merge_into"].queryset = (
            Statement.objects.filter(negotiation=negotiation)
            .exclude(pk=statement.pk)
            .exclude(status=Statement.Status.RETRACTED)
            .select_related("party")
        )
        if candidate.proposed_speaker:
            self.fields[
                "create_person"
            ].label = f"Create the person “{candidate.proposed_speaker}” as speaker"
        else:
            del self.fields["create_person"]
        demands = Demand.objects.filter(negotiation=negotiation).order_by("title")
        self.stance_rows = []
        for i in range(len(stances) + EXTRA_STANCE_ROWS):
            self.fields[f"stance_{i}_demand"] = forms.ModelChoiceField(
                demands, required=False, label="Demand"
            )
            self.fields[f"stance_{i}_party"] = forms.ModelChoiceField(
                parties, required=False, label="Party", help_text="The statement's when empty."
            )
            self.fields[f"stance_{i}_position"] = forms.TypedChoiceField(
                choices=[("", "---------"), *Position.choices],
                coerce=int,
                empty_value=None,
                required=False,
                label="Position",
            )
            self.stance_rows.append(
                (
                    self[f"stance_{i}_demand"],
                    self[f"stance_{i}_party"],
                    self[f"stance_{i}_position"],
                )
            )

    def clean(self):
        data = super().clean()
        stances, seen = [], set()
        for i in range(len(self.stance_rows)):
            demand = data.get(f"stance_{i}_demand")
            position = data.get(f"stance_{i}_position")
            if demand is None and position is None:
                continue
            if demand is None or position is None:
                self.add_error(f"stance_{i}_demand", "Give both the demand and the position.")
                continue
            party = data.get(f"stance_{i}_party") or data.get("party")
            key = (demand.pk, party.pk if party else None)
            if key in seen:
                self.add_error(f"stance_{i}_demand", "One stance per demand and party.")
                continue
            seen.add(key)
            stances.append(
                StanceInput(demand=demand, position=position, party=data.get(f"stance_{i}_party"))
            )
        data["stances"] = stances
        return data

    def statement_fields(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("text", "said_on", "kind", "speaker", "party")}
