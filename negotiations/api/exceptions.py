"""Errors as one flat object: each key a field path (``stances[0].position``), each value a
list of messages; errors that belong to no field under ``non_field_errors``; others under
``detail`` as DRF does."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def flatten_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors -> {"stances[0].demand": ["..."]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if isinstance(key, int):  # DRF gives a list's errors as {index: errors}
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in flatten_errors(value, path).items():
                flat.setdefault(sub, []).extend(messages)
    elif isinstance(errors, list):
        if all(isinstance(item, str) for item in errors):
            if errors:
                flat.setdefault(prefix or "non_field_errors", []).extend(str(e) for e in errors)
        else:
            for index, item in enumerate(errors):
                for sub, messages in flatten_errors(item, f"{prefix}[{index}]").items():
                    flat.setdefault(sub, []).extend(messages)
    else:
        flat.setdefault(prefix or "non_field_errors", []).append(str(errors))
    return flat


def django_errors_as_drf(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError (field-named, maybe nested paths) as a DRF 400."""
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if key == "__all__" else key): messages
            for key, messages in error.message_dict.items()
        }
    else:
        detail = {"non_field_errors": error.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_errors_as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = flatten_errors(response.data)
    return response
