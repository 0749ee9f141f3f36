"""The schema's migrations (migrations/, Alembic through Flask-Migrate), set up on the app when first used.

Importing Alembic takes about 0.1 s, which no request and almost no command needs: every command would pay it at
start (issue "fast at any size": the CLI starts in under 0.5 s). So Flask-Migrate is attached to the app only
when `flask --app wsgi db ...` runs, or when code upgrades or downgrades the schema through this module.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app, g

from app.extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def upgrade(revision: str = "head") -> None:
    """Upgrade the app's database (inside its app context) to `revision`."""
    import flask_migrate

    _attach(current_app._get_current_object())
    flask_migrate.upgrade(revision=revision)


def downgrade(revision: str) -> None:
    """Downgrade the app's database (inside its app context) to `revision`."""
    import flask_migrate

    _attach(current_app._get_current_object())
    flask_migrate.downgrade(revision=revision)


class MigrationsGroup(click.Group):
    """`flask db ...`: Flask-Migrate's commands and resbid's own, loaded when the group is used (click's pattern
    for lazily loaded subcommands). Always on migrations/: Flask-Migrate's own group options (another directory,
    arguments for env.py) are left out."""

    def __init__(self, extra: list[click.Command]) -> None:
        super().__init__("db", help="Database migrations (Alembic, through Flask-Migrate).", callback=_no_options)
        self.extra = extra

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._loaded().commands)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._loaded().get_command(ctx, name)

    def _loaded(self) -> click.Group:
        from flask_migrate.cli import db as flask_migrate_group

        _attach(current_app._get_current_object())
        for command in self.extra:
            flask_migrate_group.add_command(command)
        return flask_migrate_group


def _no_options() -> None:
    """What Flask-Migrate's own group callback leaves for its commands when given no option."""
    g.directory, g.x_arg = None, ()


def _attach(app: Flask) -> None:
    """Flask-Migrate on the app, once (its commands and functions read its settings from the app)."""
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate

    from app.jobs.schema import is_application_name

    Migrate(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True,
            include_name=is_application_name)
