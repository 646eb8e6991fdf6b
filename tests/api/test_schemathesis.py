"""Schemathesis against the live schema: every operation, anonymous and as an Editor.

The schema is read from /api/schema/ of the running application (through WSGI, in this
process, on the test database), so what is checked is what clients get. Deterministic
(derandomized Hypothesis) and kept short with a small number of examples per operation.
"""

import contextlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_user

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# A fixed seed: the same cases on every run. Anonymously, the coverage phase (boundary and
# negative values of every parameter and body field) runs too; as an Editor, examples and a
# short fuzzing run (the coverage phase there would take minutes, mostly in writes).
SEED = 20221202
ANONYMOUS_CONFIG = SchemathesisConfig.from_dict({"seed": SEED})
EDITOR_CONFIG = SchemathesisConfig.from_dict(
    {"seed": SEED, "phases": {"coverage": {"enabled": False}}}
)
ANONYMOUS_FUZZ = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
EDITOR_FUZZ = settings(ANONYMOUS_FUZZ, max_examples=15)


@contextlib.contextmanager
def shared_connection():
    """As Django's test client does: a request must not close the connection that holds the
    test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def anonymous_schema(talks):
    with shared_connection():
        yield schemathesis.openapi.from_wsgi(
            "/api/schema/", get_wsgi_application(), config=ANONYMOUS_CONFIG
        )


@pytest.fixture
def editor_schema(talks):
    with shared_connection():
        yield schemathesis.openapi.from_wsgi(
            "/api/schema/", get_wsgi_application(), config=EDITOR_CONFIG
        )


@pytest.fixture
def editor_token(talks) -> str:
    return Token.objects.create(user=make_user("editor")).key


anonymous_schema_lazy = schemathesis.pytest.from_fixture("anonymous_schema")
editor_schema_lazy = schemathesis.pytest.from_fixture("editor_schema")


@pytest.mark.django_db
@anonymous_schema_lazy.parametrize()
@ANONYMOUS_FUZZ
def test_api_conforms_to_its_schema_anonymously(case):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@editor_schema_lazy.parametrize()
@EDITOR_FUZZ
def test_api_conforms_to_its_schema_as_an_editor(case, editor_token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {editor_token}"})
