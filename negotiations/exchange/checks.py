"""The checking toolkit of the importer: typed field readers that record JSON paths."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

FORMAT_NAME = "negotiation-tracker"
FORMAT_VERSION = 1
MAX_REPORTED_ERRORS = 50

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
_CHOICE_VALUES: dict[type, frozenset[str]] = {}


class ExchangeError(Exception):
    """The file cannot be imported; `errors` holds (JSON path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{path}: {message}" if path else message for path, message in self.errors]
        return "\n".join(lines)


@dataclass
class Checker:
    errors: list[tuple[str, str]] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def mapping(self, value: Any, path: str, known: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, "must be an object")
            return None
        for key in sorted(set(value) - known):
            self.error(f"{path}.{key}", "is not a field of the format")
        return value

    def items(self, obj: dict, key: str, path: str, *, required: bool = False) -> list:
        value = obj.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "is required")
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", "must be a list")
            return []
        return value

    def text(
        self,
        obj: dict,
        key: str,
        path: str,
        *,
        max_length: int | None = None,
        required: bool = False,
        pattern: re.Pattern | None = None,
        pattern_help: str = "",
    ) -> str:
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None or value == "":
            if required:
                self.error(where, "is required")
            return ""
        if not isinstance(value, str):
            self.error(where, "must be a string")
            return ""
        if max_length is not None and len(value) > max_length:
            self.error(where, f"is longer than {max_length} characters")
        if pattern is not None and not pattern.match(value):
            self.error(where, pattern_help)
        return value

    def choice(self, obj: dict, key: str, path: str, choices, default: str) -> str:
        value = obj.get(key)
        if value is None:
            return default
        allowed_values = _CHOICE_VALUES.get(choices)
        if allowed_values is None:  # enum .values builds a new list on every call: cache it
            allowed_values = _CHOICE_VALUES[choices] = frozenset(choices.values)
        if value not in allowed_values:
            allowed = ", ".join(choices.values)
            self.error(f"{path}.{key}", f"must be one of {allowed} (got {value!r})")
            return default
        return value

    def day(self, obj: dict, key: str, path: str, *, required: bool = False) -> date | None:
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required:
                self.error(where, "is required")
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value) if len(value) == 10 else None
            except ValueError:
                pass
        self.error(where, f"must be a date such as 2022-03-16 (got {value!r})")
        return None

    def integer(self, obj: dict, key: str, path: str, *, default: int | None, low: int, high: int):
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if default is None:
                self.error(where, "is required")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, f"must be an integer from {low} to {high} (got {value!r})")
            return default
        if not low <= value <= high:
            self.error(where, f"must be from {low} to {high} (got {value})")
            return default
        return value


class References:
    """Slugs that point at parties and people; unknown ones are remembered for the database."""

    def __init__(self, check: Checker, parties: dict, people: dict):
        self.check = check
        self.parties = parties
        self.people = people
        self.external_parties: dict[str, str] = {}  # slug -> first path using it
        self.external_people: dict[str, str] = {}

    def _ref(self, obj, key, path, known, external, *, required) -> str | None:
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required:
                self.check.error(where, "is required")
            return None
        if not isinstance(value, str) or not SLUG.match(value):
            self.check.error(where, f"must be a slug (got {value!r})")
            return None
        if value not in known:
            external.setdefault(value, where)
        return value

    def party(self, obj, key, path, *, required=False) -> str | None:
        return self._ref(obj, key, path, self.parties, self.external_parties, required=required)

    def person(self, obj, key, path, *, required=False) -> str | None:
        return self._ref(obj, key, path, self.people, self.external_people, required=required)
