"""Fixtures shared by the web, CLI and browser tests (scoring tests need none of them)."""
from __future__ import annotations

import os
import re
import secrets

import pytest

from app import create_app
from app.auth.passwords import hash_password
from app.clock import clock
from app.extensions import db
from app.models import Organisation, User
from app.models.organisation import AUTHORITY, OPERATOR
from tests.web.databases import PostgresDatabases, SqliteDatabases

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    server = os.environ.get("TEST_DATABASE_URL")
    factory = PostgresDatabases(server) if server else SqliteDatabases(tmp_path_factory.mktemp("db"))
    yield factory
    factory.close()


@pytest.fixture
def database_url(databases):
    uri = databases.new()
    yield uri
    databases.drop(uri)


@pytest.fixture
def app(database_url):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": secrets.token_hex(16),
        "SESSION_COOKIE_SECURE": False,
    })
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    clock.reset()


@pytest.fixture
def make_organisation(app):
    """Factory: create an organisation and return its id."""

    def make(name: str | None = None, kind: str = AUTHORITY, country: str = "BE", **fields) -> int:
        with app.app_context():
            organisation = Organisation(
                name=name or f"{kind.title()} {secrets.token_hex(3)}", kind=kind, country=country, **fields
            )
            db.session.add(organisation)
            db.session.commit()
            return organisation.id

    return make


@pytest.fixture
def make_user(app, make_organisation):
    """Factory: create a user with role `role` (and an organisation of the right kind) and return its email."""

    def make(role: str = "officer", email: str | None = None, organisation_id: int | None = None) -> str:
        if organisation_id is None and role != "admin":
            organisation_id = make_organisation(kind=OPERATOR if role == "bidder" else AUTHORITY)
        email = email or f"{role}-{secrets.token_hex(3)}@resbid.example"
        with app.app_context():
            db.session.add(User(email=email, role=role, organisation_id=organisation_id,
                                password_hash=hash_password(PASSWORD)))
            db.session.commit()
        return email

    return make


def csrf_token(client, path: str = "/login") -> str:
    """Fetch a page and pull the CSRF token out of its form."""
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD, follow_redirects: bool = False):
    """Sign in through the real form, CSRF token included."""
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       follow_redirects=follow_redirects)


@pytest.fixture
def login_as(client, make_user):
    """Factory: create a user with `role`, sign in as them, return the email."""

    def sign_in(role: str = "officer", **kwargs) -> str:
        email = make_user(role, **kwargs)
        response = login(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    return sign_in
