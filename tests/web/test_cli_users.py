"""Account commands: the password comes from stdin or a prompt, never from argv."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User


def test_users_create_reads_the_password_from_stdin(app, runner, make_organisation):
    make_organisation("Stadt Musterstadt")
    result = runner.invoke(args=["users", "create", "--email", "New@Resbid.example", "--role", "officer",
                                 "--organisation", "stadt musterstadt"], input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@resbid.example"))
        assert user.organisation.name == "Stadt Musterstadt"
        assert user.password_hash.startswith("$argon2id$")


def test_users_create_has_no_password_option(runner):
    result = runner.invoke(args=["users", "create", "--help"])
    assert result.exit_code == 0
    assert "--password" not in result.output


def test_unknown_organisation_is_a_clear_error(runner):
    result = runner.invoke(args=["users", "create", "--email", "a@resbid.example", "--role", "officer",
                                 "--organisation", "Nowhere"], input="a long enough password\n")
    assert result.exit_code == 1
    assert "--organisation: no organisation named 'Nowhere'" in result.output


def test_short_password_is_refused(runner):
    result = runner.invoke(args=["users", "create", "--email", "a@resbid.example", "--role", "admin"],
                           input="short\n")
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output


def test_unknown_role_is_a_usage_error(runner):
    result = runner.invoke(args=["users", "create", "--email", "a@resbid.example", "--role", "king"])
    assert result.exit_code == 2


def test_organisation_country_is_checked(runner):
    result = runner.invoke(args=["organisations", "create", "--name", "X", "--kind", "operator",
                                 "--country", "Atlantis"])
    assert result.exit_code == 1
    assert "--country" in result.output


def test_an_email_that_is_no_address_is_refused_at_its_option(app, runner):
    for email, reason in (("not-an-email", "must have an @-sign"), ("x" * 300 + "@resbid.example", "too long")):
        result = runner.invoke(args=["users", "create", "--email", email, "--role", "admin"],
                               input="a long enough password\n")
        assert result.exit_code == 1 and "--email" in result.output and reason in result.output, result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.role == "admin")) is None


def test_a_legal_name_is_1_to_200_characters(app, runner):
    for name, length in (("x" * 201, 201), ("   ", 0)):
        result = runner.invoke(args=["organisations", "create", "--name", name, "--kind", "operator",
                                     "--country", "SE"])
        assert result.exit_code == 1
        assert f"--name: a legal name has 1 to 200 characters, not {length}" in result.output
    result = runner.invoke(args=["organisations", "create", "--name", "  Öko Magnet AB ", "--kind", "operator",
                                 "--country", "SE"])
    assert result.exit_code == 0 and "Created operator Öko Magnet AB (SE)." in result.output


def test_demo_load_is_idempotent(app, runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        users = db.session.scalars(select(User.email)).all()
        events = db.session.scalars(select(AuditEvent.id)).all()
    second = runner.invoke(args=["demo", "load"])
    assert "0 new accounts" in second.output
    with app.app_context():
        assert db.session.scalars(select(User.email)).all() == users
        assert db.session.scalars(select(AuditEvent.id)).all() == events


def test_users_create_finds_an_organisation_whatever_the_case_of_its_accented_capitals(app, runner,
                                                                                        make_organisation):
    make_organisation("ÖKO-Stadtwerke Überlingen")
    result = runner.invoke(args=["users", "create", "--email", "oko@resbid.example", "--role", "officer",
                                 "--organisation", "  öko-stadtwerke   überlingen "], input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "oko@resbid.example"))
        assert user.organisation.name == "ÖKO-Stadtwerke Überlingen"
