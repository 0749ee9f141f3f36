"""The sample tenders' sources and folders agree, as sample_tenders/README.md promises: every source in a tender's
`_sources` folder is a bidder with its workbook in `bids/`, and `sample_tenders/build.py --check` (the workbooks
read back as their sources say, and each tender's story) passes."""
from __future__ import annotations

from sample_tenders import build
from tests.samples import SAMPLES


def test_every_source_is_a_bidder_with_its_workbook():
    for folder in SAMPLES:
        workbooks = {path.stem for path in (folder / "bids").glob("*.xlsx")}
        assert set(build.sources(folder.name)) == workbooks, folder.name


def test_the_samples_check(capsys):
    assert build.main(["--check"]) == 0, capsys.readouterr().err
