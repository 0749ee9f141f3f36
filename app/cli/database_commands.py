"""`flask --app wsgi db grant-app-role NAME`: the application's PostgreSQL role, run as the owner after each upgrade."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from app.database_roles import RoleProblem, grant_app_role
from app.extensions import db


@click.command("grant-app-role")
@click.argument("role")
@with_appcontext
def grant_app_role_command(role: str) -> None:
    """Let ROLE read and write every table but only read and append to the audit log (run as the owner)."""
    try:
        with db.engine.begin() as connection:
            tables = grant_app_role(connection, role)
    except RoleProblem as problem:
        click.echo(f"ROLE: {problem}", err=True)
        sys.exit(1)
    click.echo(f"{role} may now use {len(tables)} tables; the audit tables only by SELECT and INSERT.")
