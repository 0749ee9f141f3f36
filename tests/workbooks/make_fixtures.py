"""Writes tests/workbooks/fixtures/: a filled workbook as openpyxl saves it, and LibreOffice-saved copies.

Run from the repository root (needs LibreOffice: apt-get install libreoffice-calc):
    .venv/bin/python tests/workbooks/make_fixtures.py
Regenerate after changing the sample tender (tests/workbooks/sample.py) or the template layout.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from tests.workbooks import sample  # noqa: E402
from workbooks import build_template, fill_workbook  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def with_formula(data: bytes) -> bytes:
    """The workbook with Supply chain!D14 (share 60) typed as the formula =30*2, saved without a value."""
    book = load_workbook(BytesIO(data))
    book["Supply chain"]["D14"] = "=30*2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def libreoffice_copy(data: bytes, work: Path, name: str) -> bytes:
    """The workbook opened and saved again as .xlsx by LibreOffice (soffice --headless --convert-to xlsx)."""
    source = work / "in" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(work / "out"), str(source)],
                   check=True, capture_output=True, timeout=300)
    return (work / "out" / name).read_bytes()


def main() -> None:
    """Writes the three fixture files."""
    filled = fill_workbook(build_template(sample.tender(), sample.INFO), sample.filling())
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = {"filled_openpyxl.xlsx": filled,
                 "filled_libreoffice.xlsx": libreoffice_copy(filled, work, "filled_libreoffice.xlsx"),
                 "formula_cached_libreoffice.xlsx": libreoffice_copy(with_formula(filled), work,
                                                                     "formula_cached_libreoffice.xlsx")}
        shutil.rmtree(work / "profile", ignore_errors=True)
    for name, data in files.items():
        (FIXTURES / name).write_bytes(data)
        print(f"{name:34} {len(data):>8,} bytes")


if __name__ == "__main__":
    main()
