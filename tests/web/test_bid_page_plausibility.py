"""The committee's bid page lists the bid's plausibility flags lot by lot, each with its source, in the reader's
language: a dysprosium refinery declared in a country the reference data list with no such refining."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import SupplyLine
from tests.web.lot_committee import CHAIR, bid_ids, import_lots, signed_in


def _section(page: str, lot: int) -> str:
    return page.split(f'id="lot-{lot}-plausibility"', 1)[1].split("</section>", 1)[0]


def test_a_refinery_where_the_data_record_none_is_flagged_with_its_source(app, runner, tmp_path, make_organisation,
                                                                          make_user):
    tender = import_lots(app, runner, tmp_path, make_organisation, make_user)
    bid = bid_ids(app, tender)["nordic-magnet-works"]
    with app.app_context():
        lines = db.session.scalars(select(SupplyLine).where(SupplyLine.bid_id == bid)).all()
        for line in lines:  # every line where the data record production: nothing to flag
            line.country = "CN"
        refinery = next(line for line in lines
                        if (line.material, line.stage, line.lot_number) == ("Dy", "processing", 2))
        refinery.country = "JP"
        db.session.commit()
    chair = signed_in(app, CHAIR)
    page = chair.get(f"/tenders/{tender}/bids/{bid}").get_data(as_text=True)
    assert "Nothing in this bid" in _section(page, 1)
    flagged = _section(page, 2)
    assert "The reference data record no refining of Dysprosium in Japan" in flagged and "Source:" in flagged
    assert "A flag changes no points" in flagged
    german = chair.get(f"/tenders/{tender}/bids/{bid}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Plausibilität" in german and "Dysprosium" in _section(german, 2) and "Quelle:" in _section(german, 2)
