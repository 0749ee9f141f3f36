"""Command-line interface: `flask --app wsgi <group> <command>`; each command has --help."""
from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Attach every command group to the app."""
    from app.cli.audit_commands import audit_group
    from app.cli.database_commands import grant_app_role_command
    from app.cli.demo_commands import demo_group
    from app.cli.tender_commands import tender_group
    from app.cli.user_commands import organisations_group, users_group
    from app.cli.worker_commands import worker_command
    from app.schema_migrations import MigrationsGroup

    for group in (audit_group, demo_group, tender_group, users_group, organisations_group):
        app.cli.add_command(group)
    app.cli.add_command(worker_command)
    app.cli.add_command(MigrationsGroup([grant_app_role_command]))
