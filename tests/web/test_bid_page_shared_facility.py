"""The committee's bid page flags the lines naming a facility the tender publishes a plausible share for, when two
bids name it for more than that share together: the reason counts the bids and sums their shares, never names the
other bidder, and reads in the reader's language; without published facility shares nothing is flagged. The
verification form offers the flagged line first, marked."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app import audit
from app.extensions import db
from app.models import Bid, Organisation, SupplyLine, Tender
from app.models.bid import SUBMITTED
from app.records.facility_claims import facility_claims
from tests.web.conftest import login
from tests.web.document_steps import first_bid
from tests.web.lot_tender import import_opened
from tests.web.query_counting import counted

FACILITY = "Lithium hydroxide refinery, Kokkola"  # named by two of the BESS sample's bids: 50% and 35% of Li refining
# a test figure and source, not a published capacity
RULES = {"facility_shares": {" lithium hydroxide REFINERY,  kokkola": {"material": "Li", "stage": "processing",
                                                                       "share": 80, "source": "Test report, p. 3"}}}
FLAG = ("2 bids name  lithium hydroxide REFINERY,  kokkola for Lithium at the refining stage, with shares of 85% of "
        "the need together; the tender judges it can plausibly back 80%")


def _flags(page: str, anchor: str = "") -> str:
    return page.split(f'id="{anchor}plausibility"', 1)[1].split("</section>", 1)[0]


def _naming(app, tender_id: int) -> list[tuple[str, float]]:
    """The bids naming the facility at Li refining, by label, with their shares."""
    with app.app_context():
        rows = db.session.execute(select(Bid.label, SupplyLine.share).join(SupplyLine, SupplyLine.bid_id == Bid.id)
                                  .where(Bid.tender_id == tender_id, SupplyLine.supplier == FACILITY,
                                         SupplyLine.material == "Li", SupplyLine.stage == "processing"))
        return sorted((label, float(share)) for label, share in rows)


def test_two_bids_naming_a_published_facility_for_more_than_its_share_are_flagged(app, tender_id, opened):
    assert _naming(app, tender_id) == [("hardanger-battery-systems", 50.0), ("scaldis-energy-storage", 35.0)]
    bid = first_bid(app, tender_id, label="hardanger-battery-systems")
    url = f"/tenders/{tender_id}/bids/{bid.id}"
    assert "plausibly back" not in _flags(opened["alice"].get(url).get_data(as_text=True))
    with app.app_context():
        db.session.get(Tender, tender_id).plausibility_rules = RULES
        db.session.commit()
    page = opened["alice"].get(url).get_data(as_text=True)
    flags = _flags(page)
    assert flags.count(FLAG) == 1 and "Source: Test report, p. 3" not in flags
    assert "Source: The tender&#39;s published share, from Test report, p. 3" in flags
    assert "Scaldis" not in flags and "scaldis" not in flags
    chair_page = opened["chair"].get(url).get_data(as_text=True).split('id="verification"', 1)[1]
    assert f"Lithium, refining, Finland, {FACILITY} (flagged)" in chair_page
    other = first_bid(app, tender_id, label="scaldis-energy-storage")
    assert flags.count("plausibly back") == 1
    assert "plausibly back 80%" in _flags(opened["alice"].get(f"/tenders/{tender_id}/bids/{other.id}")
                                          .get_data(as_text=True))
    german = _flags(opened["alice"].get(url, headers={"Accept-Language": "de"}).get_data(as_text=True))
    assert ("2 Angebote nennen  lithium hydroxide REFINERY,  kokkola für Lithium auf der Stufe „Raffination“, mit "
            "Anteilen von zusammen 85\xa0% des Bedarfs; nach dem Urteil der Ausschreibung kann die Anlage "
            "plausibel 80\xa0% decken") in german
    assert "Quelle: Der von der Ausschreibung veröffentlichte Anteil, aus Test report, p. 3" in german
    french = _flags(opened["alice"].get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True))
    assert "2 offres citent" in french and "Test report, p. 3" in french


def test_the_other_bids_are_read_only_at_the_published_materials_and_stages_once_a_version(app, tender_id):
    """What the bid page compares a bid with: the other live bids' lines of a share at the facilities' material and
    stage, in one statement beside the version of the tender's bids, then that version's alone until it changes;
    nothing of theirs, and no statement, when the tender publishes no facility."""
    stages = {("Li", "processing"), ("Co", "extraction")}
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        own = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id, Bid.label == "hardanger-battery-systems")
                                 ).one()
        others = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id, Bid.status == SUBMITTED,
                                                      Bid.id != own.id)).all()
        expected = {other.label: [(line.material, line.supplier, float(line.share)) for line in other.supply_lines
                                  if line.share > 0 and (line.material, line.stage) in stages] for other in others}
        with counted(app) as statements:
            claims = facility_claims(tender, own, stages)
        assert len(statements) == 2  # the version, the lines
        assert {claim.id: [(line.material, line.supplier, line.share) for line in claim.supply] for claim in claims} \
            == {label: lines for label, lines in expected.items() if lines}
        assert ("Li", FACILITY, 35.0) in expected["scaldis-energy-storage"]  # the other bid naming the facility
        assert sum(len(other.supply_lines) for other in others) > sum(map(len, expected.values())) + 10
        other = others[0]
        with counted(app) as statements:
            assert facility_claims(tender, own, stages) == claims  # kept for the next bid page
            assert own.label in [claim.id for claim in facility_claims(tender, other, stages)]
        assert len(statements) == 2  # each page's version alone
        audit.record("bid.exclude", other, tender_id=tender_id, details={"test": "a decision changes the version"})
        db.session.flush()
        with counted(app) as statements:
            assert facility_claims(tender, own, stages) == claims
        assert len(statements) == 2  # read again for the new version
        db.session.rollback()
        with counted(app) as statements:
            assert facility_claims(tender, own, set()) == []
        assert statements == []


LOTS = Path(__file__).parents[2] / "sample_tenders" / "rare-earth-lots"
SILLAMAE = "Tolling separation, Sillamäe"  # named in lot 2 by Kvarnbo (100% of Nd refining) and Pannonia (60%)


def test_a_tender_in_lots_compares_the_bids_of_each_lot(app, runner, make_organisation, make_user):
    tender_id = import_opened(app, runner, LOTS, make_organisation, make_user,
                              members=("officer@resbid.example", "evaluator1@resbid.example"))
    with app.app_context():
        db.session.get(Tender, tender_id).plausibility_rules = {"facility_shares": {SILLAMAE: {
            "material": "Nd", "stage": "processing", "share": 150, "source": "Test report, p. 3"}}}
        db.session.commit()
        bid_id = db.session.scalar(select(Bid.id).join(Organisation).where(
            Bid.tender_id == tender_id, Organisation.name == "Kvarnbo Metals AB"))
    client = app.test_client()
    login(client, "officer@resbid.example")
    page = client.get(f"/tenders/{tender_id}/bids/{bid_id}").get_data(as_text=True)
    assert (f"2 bids name {SILLAMAE} for Neodymium at the refining stage, with shares of 160% of the need together; "
            "the tender judges it can plausibly back 150%") in _flags(page, "lot-2-")
    assert "plausibly back" not in _flags(page, "lot-3-")
