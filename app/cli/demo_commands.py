"""Loading the demo data that `make run` shows a newcomer."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db

demo_group = AppGroup("demo", help="Demo data for trying resbid out.")


@demo_group.command("load")
def load() -> None:
    """Load demo accounts and the sample tenders (a second run changes nothing) and print the logins."""
    from app.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_accounts, load_sample_tenders  # loads most of resbid

    created = load_demo_accounts()
    tenders = load_sample_tenders()
    db.session.commit()
    click.echo(f"Demo data loaded ({len(created)} new accounts, {len(tenders)} new sample tenders).")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for user in DEMO_USERS:
        click.echo(f"  {user.role:<8} {user.email}")
