"""Rendering without a database: hostile text fetches nothing and prints as text; same data, same bytes.

The report context of the NdFeB sample folder is built once; every user-editable text in it
(tender title and subject, authority, criterion names and descriptions, bidder names,
justifications, reasons, committee members) carries markup that would fetch a local file, a
loopback URL or a stylesheet if it were not escaped.
"""
from __future__ import annotations

import copy
import io
import json
import re
import uuid
from dataclasses import replace
from decimal import Decimal
from html import unescape
from pathlib import Path

import pikepdf
import pytest

from app.reports import fetcher as fetcher_module
from app.reports import templating
from app.reports.debrief import debrief_context, render_debrief
from app.reports.document import BODY, TAIL, document_meta, render_report
from app.reports.fetcher import DataOnlyFetcher
from app.reports.sandbox import Limits, RenderFailed, render_isolated
from app.reports.sources import folder_report_context
from tender_files.bids import read_bids
from tender_files.folder import load_folder
from tests.web.report_helpers import pdf_text, squeezed

# WeasyPrint 70 opens its sRGB profile for every PDF/A and never closes it; in-process renders here
# would turn that ResourceWarning into an error (the worker process does not care).
pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning"),
              pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"
HOSTILE = ('<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
           '<style>@import url(http://127.0.0.1:9/x.css);</style><link rel="attachment" href="file:///etc/passwd">')


@pytest.fixture(scope="module")
def context() -> dict:
    folder = load_folder(SAMPLE)
    return json.loads(json.dumps(folder_report_context(folder, read_bids(folder))))


def _hostile(context: dict) -> dict:
    """The context with the payload appended to every text a user can edit."""
    hostile = copy.deepcopy(context)
    tender = hostile["tender"]
    for key in ("title", "subject", "authority"):
        tender[key] += HOSTILE
    for row in hostile["criteria"] + hostile["leaves"]:
        row["name"] += HOSTILE
        row["description"] = row.get("description", "") + HOSTILE
    for seat in hostile["committee"]:
        seat["member"] += HOSTILE
    for bid in hostile["bids"]:
        bid["bidder"] += HOSTILE
        bid["reasons"] = [reason + HOSTILE for reason in bid["reasons"]] or [HOSTILE]
        bid["abnormal"]["decision_reason"] = HOSTILE
        for criterion in bid["criteria"]:
            criterion["name"] += HOSTILE
            for score in criterion["evaluators"]:
                score["justification"] += HOSTILE
            if criterion["consensus"]:
                criterion["consensus"]["justification"] += HOSTILE
    for ranking in hostile["ranking"]:
        for row in ranking["rows"]:
            row["bidder"] += HOSTILE
    return hostile


class RecordingFetcher(DataOnlyFetcher):
    """The real fetcher, remembering every instance so the test can read what was asked for."""

    instances: list[DataOnlyFetcher] = []

    def __init__(self) -> None:
        super().__init__()
        self.instances.append(self)


def test_hostile_text_in_every_user_field_fetches_nothing_and_prints_as_text(context, monkeypatch):
    monkeypatch.setattr(fetcher_module, "DataOnlyFetcher", RecordingFetcher)  # pdf.py imports it where used
    RecordingFetcher.instances.clear()
    hostile = _hostile(context)
    report = render_report(hostile)
    letter = render_debrief(debrief_context(hostile, hostile["bids"][1]["id"]))
    asked = [url for fetcher in RecordingFetcher.instances for url in fetcher.requested]
    assert RecordingFetcher.instances and asked == []
    for pdf in (report, letter):
        text = squeezed(pdf_text(pdf))
        assert squeezed('<img src="file:///etc/passwd">') in text
        assert squeezed("@import url(http://127.0.0.1:9/x.css);") in text
        assert squeezed('<link rel="attachment" href="file:///etc/passwd">') in text
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert set(document.attachments) <= {"evaluation.json"}
    assert squeezed(hostile["bids"][0]["criteria"][6]["evaluators"][0]["justification"]) in squeezed(pdf_text(report))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.org/a.png",
                                 "ftp://127.0.0.1/x", "/etc/passwd"])
def test_fetcher_refuses_everything_but_data_uris(url):
    fetcher = DataOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_same_data_gives_the_same_bytes_in_process_and_in_the_worker_with_parts_side_by_side(context):
    in_process = render_report(copy.deepcopy(context))
    assert render_isolated("report", context, Limits(processes=2)) == in_process
    text = pdf_text(in_process)
    assert "DRAFT" in text and "Page 2 of" in text


def test_worker_over_its_time_limit_is_stopped_with_a_reason_and_its_layout_processes_with_it(context, monkeypatch):
    marker = f"RESBID_TEST_WORKER={uuid.uuid4().hex}"  # inherited by this test's worker and its forks only
    monkeypatch.setenv(*marker.split("="))
    with pytest.raises(RenderFailed, match="longer than 1 s"):
        render_isolated("report", context, Limits(seconds=1, processes=2))
    assert _worker_processes(marker) == []


def _worker_processes(marker: str) -> list[str]:
    """Command lines of this test's render workers (and their forks) still alive, zombies aside; workers of
    other runs on the machine are not this test's business."""
    alive = []
    for process in Path("/proc").glob("[0-9]*"):
        try:
            command = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (process / "stat").read_text().rpartition(")")[2].split()[0]
            environment = (process / "environ").read_bytes().split(b"\0")
        except OSError:  # ended while being looked at
            continue
        if "app.reports.worker" in command and state != "Z" and marker.encode() in environment:
            alive.append(command)
    return alive


def test_the_sensitivity_annex_shows_each_price_formula_with_the_parts_it_changes():
    folder = load_folder(SAMPLE.parent / "bess-utility")
    report = folder_report_context(folder, read_bids(folder))
    section = [section for section in TAIL if section.key == "sensitivity"]
    html = unescape(templating.render("reports/report_part.html", report=report,
                                      meta=document_meta(report, "Evaluation report"), sections=section, chunk=[]))
    budget = "Price > Price against the budget range"
    assert ("As published: Price > Price compared with the lowest eligible price by the proportional formula; "
            f"{budget} by a range fixed in advance, 6,800,000 to 9,800,000.") in html
    assert html.count(f"Kept as published: {budget} (a range fixed in advance, 6,800,000 to 9,800,000).") == 3
    assert "parts scored against a range fixed in advance keep their published formula" in html


def test_a_zero_price_is_reported_as_abnormally_low_awaiting_the_decision():
    folder = load_folder(SAMPLE.parent / "bess-utility")
    workbooks = read_bids(folder)
    workbooks["tejo-grid-batteries"] = replace(workbooks["tejo-grid-batteries"], price=Decimal(0))
    report = json.loads(json.dumps(folder_report_context(folder, workbooks)))
    sections = [section for section in (*BODY, *TAIL) if section.key in ("criteria", "abnormal")]
    html = unescape(templating.render("reports/report_part.html", report=report,
                                      meta=document_meta(report, "Evaluation report"), sections=sections, chunk=[]))
    text = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", html))
    assert "A price of zero is always flagged: it may not be rejected on that ground alone" in text
    assert ("Tejo Grid Batteries S.A. 0.00 100.0% 100.0% awaiting decision a price of zero, which may not be "
            "rejected on that ground alone (Court of Justice, Case C-367/19 Tax-Audit, 10 September 2020)") in text
    for bid in report["bids"]:
        letter = debrief_context(report, bid["id"])
        assert templating.render("reports/debrief.html", letter=letter, meta=document_meta(letter, "Debrief letter"))
