"""Verifying the audit log from the shell."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.audit import verify_chain

audit_group = AppGroup("audit", help="Inspect the hash-chained audit log.")


@audit_group.command("verify")
def verify() -> None:
    """Exit 0 when the chain is intact; exit 1 naming the first broken event otherwise."""
    check = verify_chain()
    if check.is_intact:
        click.echo(f"Audit chain intact: {check.count} events, head {check.head_sha256}.")
        return
    click.echo(f"Audit chain BROKEN after {check.count} intact events: {check.problem}", err=True)
    sys.exit(1)
