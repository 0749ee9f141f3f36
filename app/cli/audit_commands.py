"""Verifying and checkpointing the audit log from the shell."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.audit import latest_checkpoint, verify_chain, write_checkpoint
from app.extensions import db
from app.presentation import UTC, time_text

audit_group = AppGroup("audit", help="Inspect the signed, hash-chained audit log.")


@audit_group.command("verify")
def verify() -> None:
    """Exit 0 when the log is intact; exit 1 naming the first failing event, checkpoint or guard otherwise."""
    check = verify_chain()
    if check.is_intact:
        click.echo(f"Audit chain intact: {check.count} events, head {check.head_sha256}.")
        checkpoint = latest_checkpoint()
        if checkpoint is not None:
            click.echo(f"Latest checkpoint: {checkpoint.count} events, head {checkpoint.head_sha256},"
                       f" signed {time_text(checkpoint.at, UTC, seconds=True)} ({checkpoint.reason}).")
        return
    click.echo(f"Audit chain BROKEN after {check.count} intact events:", err=True)
    for problem in check.problems:
        click.echo(f"  - {problem}", err=True)
    sys.exit(1)


@audit_group.command("checkpoint")
def checkpoint() -> None:
    """Sign the current head into the database and the checkpoint file (run it daily from cron).

    A broken log is not signed: that would vouch for the tampering.
    """
    check = verify_chain()
    if not check.is_intact:
        click.echo("Not signing a checkpoint: the audit chain is BROKEN; run `audit verify` for details.", err=True)
        sys.exit(1)
    written = write_checkpoint("manual")
    db.session.commit()
    click.echo(f"Checkpoint signed: {written.count} events, head {written.head_sha256}.")
