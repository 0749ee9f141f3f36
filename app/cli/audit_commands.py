"""Verifying and checkpointing the audit log from the shell."""
from __future__ import annotations

import sys

import click

from app.audit import latest_checkpoint, verify_chain, write_checkpoint
from app.audit.checkpoint_file import checkpoint_path
from app.audit.checks import check_log
from app.cli.errors import CommandGroup
from app.extensions import db
from app.presentation import UTC, count_text, time_text

audit_group = CommandGroup("audit", help="Inspect the signed, hash-chained audit log.")


@audit_group.command("verify")
def verify() -> None:
    """Exit 0 when the log is intact; exit 1 naming the first failing event, checkpoint or guard otherwise."""
    check = verify_chain()
    if check.is_intact:
        click.echo(f"Audit log intact: {_events(check.count)} verified, each signed and linked to the one before."
                   f" Fingerprint of the newest (SHA-256): {check.head_sha256}.")
        checkpoint = latest_checkpoint()
        if checkpoint is not None:
            how = "daily" if checkpoint.reason == "daily" else "on request"
            click.echo(f"Latest checkpoint: {_events(checkpoint.count)}, fingerprint {checkpoint.head_sha256},"
                       f" signed {time_text(checkpoint.at, UTC, seconds=True)} ({how}).")
        return
    click.echo(f"The audit log has been tampered with. The first {_events(check.count)} check out; then:", err=True)
    for problem in check.problems:
        click.echo(f"  - {problem}", err=True)
    click.echo(f"Checkpoint file: {checkpoint_path()}", err=True)
    sys.exit(1)


def _events(count: int) -> str:
    return f"{count_text(count)} event{'s' if count != 1 else ''}"


@audit_group.command("checkpoint")
def checkpoint() -> None:
    """Check the whole log and sign the current head into the database and the checkpoint file (run it daily from
    cron). The check is recorded in the log, so the audit page shows it.

    A broken log is not signed: that would vouch for the tampering.
    """
    check = check_log()
    db.session.commit()
    if not check.is_intact:
        click.echo("Not signing a checkpoint: the audit log has been tampered with; run `audit verify` for details.",
                   err=True)
        sys.exit(1)
    written = write_checkpoint("manual")
    db.session.commit()
    click.echo(f"Checkpoint signed: {_events(written.count)}, fingerprint {written.head_sha256}.")
