"""`flask --app wsgi tender ...`: keep a tender as files and evaluate it without the web app.

Each command's options and help are here; what it does is in app/cli/tender_work.py, imported when it runs, so
listing the commands (--help) and starting any other command do not load the workbook reader, the scoring engine
or the report's renderer. Exit codes: 0 success, 1 invalid input (messages on stderr), 2 usage error
(app/cli/errors.py).
"""
from __future__ import annotations

from pathlib import Path

import click

from app.cli.errors import CommandGroup

tender_group = CommandGroup("tender", help="Tender folders: validate, evaluate, import, export, workbooks.")

FOLDER = click.Path(file_okay=False, path_type=Path)
PDF_FILE = click.Path(dir_okay=False, writable=True, path_type=Path)


@tender_group.command("validate")
@click.argument("folder", type=FOLDER)
def validate(folder: Path) -> None:
    """Check tender.yaml, every bid workbook and scores.yaml; list every problem."""
    from app.cli import tender_work

    tender_work.validate(folder)


@tender_group.command("evaluate")
@click.argument("folder", type=FOLDER)
@click.option("--json", "as_json", is_flag=True, help="Print the evaluation as JSON on stdout.")
@click.option("--pdf", "pdf_path", type=PDF_FILE, help="Also write the evaluation report (a DRAFT: a folder is "
                                                      "not a finalised record) to this PDF file.")
def evaluate_command(folder: Path, as_json: bool, pdf_path: Path | None) -> None:
    """Evaluate a tender folder: totals, ranks, eligibility and sensitivity."""
    from app.cli import tender_work

    tender_work.evaluate_folder(folder, as_json, pdf_path)


@tender_group.command("import")
@click.argument("folder", type=FOLDER)
def import_command(folder: Path) -> None:
    """Import a tender folder into the database (nothing is written if any file has a problem)."""
    from app.cli import tender_work

    tender_work.import_tender(folder)


@tender_group.command("export")
@click.argument("reference")
@click.argument("folder", type=FOLDER)
def export_command(reference: str, folder: Path) -> None:
    """Write a stored tender as a folder (tender.yaml, bids/, receipts.yaml, scores.yaml)."""
    from app.cli import tender_work

    tender_work.export_tender(reference, folder)


@tender_group.command("report")
@click.argument("reference")
@click.option("-o", "--output", required=True, type=PDF_FILE, help="Where to write the evaluation report (.pdf).")
def report_command(reference: str, output: Path) -> None:
    """Write the evaluation report of a stored tender (a DRAFT until the tender is finalised)."""
    from app.cli import tender_work

    tender_work.write_report(reference, output)


@tender_group.command("template")
@click.argument("folder", type=FOLDER)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the bidder workbook (.xlsx).")
def template_command(folder: Path, output: Path) -> None:
    """Write the bidder self-assessment workbook of a tender folder."""
    from app.cli import tender_work

    tender_work.write_template(folder, output)


@tender_group.command("check-bid")
@click.argument("folder", type=FOLDER)
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed bid or the problems as JSON.")
def check_bid(folder: Path, workbook: Path, as_json: bool) -> None:
    """Read a filled workbook the way an upload is read and report every problem with sheet and cell; for a
    tender divided into lots, each lot bid for with its self-assessed points."""
    from app.cli import tender_work

    tender_work.check_bid(folder, workbook, as_json)
