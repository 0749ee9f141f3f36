"""Each user-facing error answers on the command line as app/cli/errors.py says: exit code 1 with every placed
problem on stderr and nothing kept; usage errors exit 2."""
from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from sqlalchemy import func, select

from app import create_app
from app.cli.errors import INVALID, SCHEMA_BEHIND, USAGE, CommandGroup
from app.errors import Refused, UserError
from app.extensions import db
from app.models import Organisation
from scoring.problems import InvalidInput, Problem
from tender_files.folder import FolderInvalid
from workbooks import WorkbookRejected

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"
ERRORS = {
    "invalid-input": (InvalidInput([Problem("Supply chain!A14", "unknown material"), Problem("", "no bids")]),
                      ["Supply chain!A14: unknown material", "no bids"]),
    "folder-invalid": (FolderInvalid([Problem("tender.yaml: reference", "required")]),
                       ["tender.yaml: reference: required"]),
    "workbook-rejected": (WorkbookRejected([Problem("Declarations!C5", "answer yes or no")]),
                          ["Declarations!C5: answer yes or no"]),
    "user-error": (UserError("no tender with reference 'X'", place="REFERENCE"),
                   ["REFERENCE: no tender with reference 'X'"]),
    "refused": (Refused("the bids are sealed until they are opened"), ["the bids are sealed until they are opened"]),
}


@pytest.fixture
def probe(app):
    """A command that writes a row, then raises the error it is named after."""
    group = CommandGroup("probe")

    @group.command("raise")
    @click.argument("name", type=click.Choice(sorted(ERRORS)))
    def raise_error(name: str) -> None:
        db.session.add(Organisation(name="Written before the error", kind="authority", country="BE"))
        db.session.flush()
        raise ERRORS[name][0]

    app.cli.add_command(group)
    return app


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_each_user_error_exits_1_with_its_placed_problems_on_stderr_and_keeps_nothing(probe, name):
    result = probe.test_cli_runner().invoke(args=["probe", "raise", name])
    assert result.exit_code == INVALID == 1
    assert result.stderr.splitlines() == ERRORS[name][1]
    assert result.stdout == ""
    with probe.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_usage_errors_exit_2(probe):
    runner = probe.test_cli_runner()
    for args in (["probe", "raise"], ["probe", "raise", "no-such-error"], ["probe", "raise", "refused", "--bogus"]):
        result = runner.invoke(args=args)
        assert result.exit_code == USAGE == 2, args
        assert "Usage:" in result.stderr


def test_real_commands_answer_through_the_mapping(runner, tmp_path):
    folder = tmp_path / "tender"
    shutil.copytree(SAMPLE, folder)
    (folder / "tender.yaml").write_text("reference: [unclosed\n")
    invalid_folder = runner.invoke(args=["tender", "validate", str(folder)])
    assert invalid_folder.exit_code == 1 and "tender.yaml: not valid YAML at line" in invalid_folder.stderr

    shutil.copy(SAMPLE / "tender.yaml", folder / "tender.yaml")
    not_a_workbook = tmp_path / "bid.xlsx"
    not_a_workbook.write_bytes(b"not a workbook")
    rejected = runner.invoke(args=["tender", "check-bid", str(folder), str(not_a_workbook)])
    assert rejected.exit_code == 1 and rejected.stdout == ""
    assert rejected.stderr.startswith("workbook: this is a plain text file (perhaps CSV), not an Excel workbook")

    no_tender = runner.invoke(args=["tender", "report", "NO-SUCH", "-o", str(tmp_path / "report.pdf")])
    assert (no_tender.exit_code, no_tender.stderr) == (1, "REFERENCE: no tender with reference 'NO-SUCH'\n")

    no_organisation = runner.invoke(args=["users", "create", "--email", "a@example.eu", "--role", "officer",
                                          "--organisation", "Nowhere"], input="x" * 20 + "\n")
    assert no_organisation.exit_code == 1
    assert no_organisation.stderr.startswith("--organisation: no organisation named 'Nowhere'")


def test_a_database_not_migrated_to_this_release_gets_the_step_that_fixes_it(app, tmp_path):
    unmigrated = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                             "RESBID_AUDIT_CHECKPOINTS": str(tmp_path / "checkpoints.jsonl")})
    runner = unmigrated.test_cli_runner()
    for args in (["tender", "import", str(SAMPLE)], ["audit", "verify"], ["audit", "checkpoint"]):
        result = runner.invoke(args=args)
        assert (result.exit_code, result.stderr) == (INVALID, SCHEMA_BEHIND + "\n"), (args, result.output)
    # with a checkpoint on file, a database without tables lost its log: tampering (test_audit_tampering.py)
    (tmp_path / "checkpoints.jsonl").write_text('{"count": 1}\n')
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == INVALID and "the table of audit events is missing" in result.stderr
    with unmigrated.app_context():
        db.engine.dispose()
