"""The notices a result keeps (an invalid price, an ignored resolution: scoring/evaluation.py) in the report's
procedure language, placed by the bidder's and the criterion's names, never by the library's "bids[...]" path."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.records.evaluation import folder_bids
from app.reports.context import FOLDER, Receipt, ReportInputs, build_report_context
from app.reports.wording import writing_in
from scoring.bids import MINIMUM, Resolution
from scoring.criteria import walk
from tender_files.bids import read_bids
from tender_files.folder import load_folder

NDFEB = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"


def _problems(language: str) -> tuple[list[str], dict[str, str]]:
    """The report's notices when the first bid's price is negative and the second's answered criterion is resolved."""
    folder = load_folder(NDFEB)
    bids = list(folder_bids(folder, read_bids(folder)))
    answered = next(code for code in bids[1].answers)
    bids[0] = replace(bids[0], price=-5.0)
    bids[1] = replace(bids[1], resolutions={answered: Resolution(MINIMUM, "Nachweis fehlte")})
    receipts = {bid.stem: Receipt(f"{bid.stem}.xlsx", bid.sha256) for bid in folder.bids}
    meta = replace(folder.meta, language=language)
    with writing_in(language):
        context = build_report_context(ReportInputs(meta, folder.tender, bids, receipts, FOLDER))
    names = {criterion.code: criterion.name for _, criterion in walk(folder.tender.criteria)}
    return context["problems"], {"first": bids[0].bidder, "second": bids[1].bidder, "criterion": names[answered]}


def test_the_report_s_notices_are_german_and_placed_by_names():
    problems, names = _problems("de")
    assert sorted(problems) == sorted([
        f"{names['first']}: Preis von {names['first']}: negativ (-5): das Angebot ist nicht zulässig",
        f"{names['second']}, {names['criterion']}: nicht berücksichtigt: das Angebot beantwortet dieses Kriterium"])
    assert not [problem for problem in problems if "bids[" in problem or "price" in problem]


def test_the_report_s_notices_are_french():
    problems, names = _problems("fr")
    assert f"{names['first']} : Prix de {names['first']} : négatif (-5) : l’offre n’est pas recevable" in problems
