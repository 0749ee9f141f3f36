"""The committee's bid page flags each supply line at a stage where the tender requires evidence and no document of
the bid proves it, citing the tender's rule; a line whose Evidence cell names an uploaded document is not flagged."""
from __future__ import annotations

from app.extensions import db
from app.models import Tender
from tests.web.document_steps import first_bid, store_document

NO_EVIDENCE = "No document of the bid proves this line: its Evidence cell names none of them"


def _flags(page: str) -> str:
    return page.split('id="plausibility"', 1)[1].split("</section>", 1)[0]


def test_processing_lines_without_a_document_are_flagged_and_documented_ones_not(app, tender_id, opened):
    with app.app_context():
        db.session.get(Tender, tender_id).document_rules = {"evidence_required": ["processing"]}
        db.session.commit()
    bid = first_bid(app, tender_id, label="hardanger-battery-systems")
    url = f"/tenders/{tender_id}/bids/{bid.id}"
    assert _flags(opened["alice"].get(url).get_data(as_text=True)).count(NO_EVIDENCE) == 13  # every refining line
    # Hardanger's 13 refining lines: two name "Supply contract HBS-CAM-01 (demo)" (Ni and Co, Harjavalta and
    # Kokkola), two "Recycled-content certificate 2026 (demo)" (Ni and Co, Fredrikstad); 9 are left.
    store_document(app, bid.id, name="HBS-CAM-01.pdf", reference="Supply contract HBS-CAM-01 (demo)")
    store_document(app, bid.id, kind="certificate", name="Recycled-content certificate 2026 (demo).pdf")
    flags = _flags(opened["alice"].get(url).get_data(as_text=True))
    assert flags.count(NO_EVIDENCE) == 9
    assert "Harjavalta" not in flags and "Fredrikstad" not in flags and "Cathode plant, Nysa" in flags
    assert ("Source: The tender&#39;s document rules: every supply line at the refining stage needs a document that "
            "proves it") in flags
    german = _flags(opened["alice"].get(url, headers={"Accept-Language": "de"}).get_data(as_text=True))
    assert german.count("Quelle:") >= 9 and NO_EVIDENCE not in german
