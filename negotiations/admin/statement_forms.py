"""The statement form and its stance formset: the services' rules, shown as form messages.

Nothing here decides a rule: `validate_statement`, `validate_stances` and `default_party` in
negotiations/services.py do, so the admin, the API and the importer agree. The forms only put
the services' messages next to the field they concern.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet

from negotiations.models import POSITION_MAX, POSITION_MIN, Position, Statement
from negotiations.services import StanceInput, default_party, validate_stances, validate_statement

POSITION_HELP = " · ".join(f"{value:+d} {label}" for value, label in Position.choices)


class StatementAdminForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = [
            "negotiation",
            "said_on",
            "said_on_precision",
            "speaker",
            "party",
            "kind",
            "text",
            "language",
            "translation",
            "source",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "party" in self.fields:
            self.fields["party"].required = False
            self.fields[
                "party"
            ].help_text = (
                "Whom it speaks for. Left empty, the speaker's membership on that date decides."
            )

    def clean(self):
        cleaned = super().clean()
        if "party" in self.fields and not cleaned.get("party"):
            party = default_party(speaker=cleaned.get("speaker"), said_on=cleaned.get("said_on"))
            if party is not None:
                cleaned["party"] = party
            elif "party" not in self.errors:
                self.add_error(
                    "party",
                    "Choose the party this statement speaks for (no membership of the speaker "
                    "covers that date).",
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance.party_id is None or self.instance.negotiation_id is None:
            return  # the missing field already has its message
        try:
            validate_statement(self.instance)
        except ValidationError as error:
            self._add_new_messages(error)

    def _add_new_messages(self, error: ValidationError) -> None:
        """Add the services' messages that the form did not already show."""
        shown = {str(m) for messages in self.errors.values() for m in messages}
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                if message not in shown:
                    self.add_error(target, message)
                    shown.add(message)


class StanceAdminForm(forms.ModelForm):
    # A number field rather than a select, so every value the editor types gets a message.
    position = forms.IntegerField(
        help_text=POSITION_HELP, widget=forms.NumberInput(attrs={"class": "vIntegerField"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].required = False
        self.fields["party"].help_text = "Empty: the statement's party."

    def clean_position(self):
        position = self.cleaned_data["position"]
        if not POSITION_MIN <= position <= POSITION_MAX:
            raise ValidationError(
                f"The position must be between {POSITION_MIN} and {POSITION_MAX}."
            )
        return position


class StanceInlineFormSet(BaseInlineFormSet):
    """Checks the stances together with their statement, through `validate_stances`."""

    def kept_forms(self) -> list[forms.ModelForm]:
        """The forms whose stances the statement keeps (not deleted, not left blank)."""
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            kept.append(form)
        return kept

    def stance_inputs(self) -> list[StanceInput]:
        return [
            StanceInput(
                demand=form.cleaned_data["demand"],
                position=form.cleaned_data["position"],
                party=form.cleaned_data.get("party"),
                conditions=form.cleaned_data.get("conditions", ""),
            )
            for form in self.kept_forms()
        ]

    def clean(self):
        statement = self.instance
        forms_ = [
            form
            for form in self.kept_forms()
            if not form.errors
            and form.cleaned_data.get("demand")
            and form.cleaned_data.get("position") is not None
        ]
        if statement.negotiation_id is None or statement.party_id is None:
            return  # the statement form shows what is missing
        inputs = [
            StanceInput(
                demand=form.cleaned_data["demand"],
                position=form.cleaned_data["position"],
                party=form.cleaned_data.get("party"),
                conditions=form.cleaned_data.get("conditions", ""),
            )
            for form in forms_
        ]
        try:
            validate_stances(statement=statement, stances=inputs)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                # keys look like "stances[3].demand"
                index = int(key.split("[", 1)[1].split("]", 1)[0])
                field = key.rsplit(".", 1)[1]
                form = forms_[index]
                for message in messages:
                    form.add_error(field if field in form.fields else NON_FIELD_ERRORS, message)
        # Django's own duplicate check runs on the forms that are still valid.
        super().clean()
