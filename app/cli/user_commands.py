"""Creating accounts and organisations from the shell; passwords come from a prompt or stdin, never argv."""
from __future__ import annotations

import sys

import click

from app import audit
from app.auth.passwords import hash_password, password_problem
from app.cli.errors import CommandGroup
from app.directory import find_organisation, find_user, normalise_email
from app.errors import UserError
from app.extensions import db
from app.models import Organisation, User
from app.models.organisation import AUTHORITY, NAME_LENGTH, OPERATOR
from app.models.user import ROLES
from scoring.countries import country_code

users_group = CommandGroup("users", help="Manage user accounts.")
organisations_group = CommandGroup("organisations", help="Manage organisations.")


@users_group.command("create")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the user may do.")
@click.option("--organisation", "organisation_name", help="Name of an existing organisation.")
def create_user(email: str, role: str, organisation_name: str | None) -> None:
    """Create a user; the password is read from a prompt (or from stdin when piped)."""
    from email_validator import EmailNotValidError, validate_email  # imported where used: 0.04 s of every start

    email = normalise_email(email)
    try:
        validate_email(email, check_deliverability=False)  # as the sign-in form checks it (app/auth/forms.py)
    except EmailNotValidError as error:
        raise UserError(f"{email[:80]!r} is not an email address: {error}", place="--email") from error
    if find_user(email):
        raise UserError(f"a user with email {email} already exists", place="--email")
    organisation = None
    if organisation_name:
        organisation = find_organisation(organisation_name)
        if organisation is None:
            raise UserError(f"no organisation named {organisation_name!r}; "
                            "create it with `flask --app wsgi organisations create`", place="--organisation")
    elif role != "admin":
        raise UserError(f"a user with role {role} must belong to an organisation", place="--organisation")
    password = _read_password()
    problem = password_problem(password)
    if problem:
        raise UserError(problem, place="password")
    user = User(email=email, role=role, organisation=organisation, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, details={"role": role, "organisation_id": user.organisation_id})
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@organisations_group.command("create")
@click.option("--name", required=True, help="Legal name.")
@click.option("--kind", required=True, type=click.Choice((AUTHORITY, OPERATOR)),
              help="authority = contracting authority; operator = economic operator (bidder).")
@click.option("--country", required=True, help="Country of establishment: ISO code or English name.")
def create_organisation(name: str, kind: str, country: str) -> None:
    """Create a contracting authority or an economic operator."""
    name = name.strip()
    if not name or len(name) > NAME_LENGTH:
        raise UserError(f"a legal name has 1 to {NAME_LENGTH} characters, not {len(name)}", place="--name")
    code = country_code(country)
    if code is None:
        raise UserError(f"{country!r} is not a country (use an ISO 3166-1 code such as DE, or a name)",
                        place="--country")
    if find_organisation(name):
        raise UserError(f"an organisation named {name!r} already exists", place="--name")
    organisation = Organisation(name=name, kind=kind, country=code)
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation.create", organisation, details={"kind": kind, "country": code})
    db.session.commit()
    click.echo(f"Created {kind} {name} ({code}).")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")
