"""Every page runs as many SQL statements for a tender of many bids as for a tender of few (issue 15).

The BESS sample's six bids are measured, then copied under new bidders until the tender has three times as
many, and every page is measured again: a count that grows with the bids is a lazy load per bid.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, update

from app.extensions import db
from app.models import Answer, Bid, Criterion, Organisation, Resolution, Score, SupplyLine, Tender
from app.models.organisation import OPERATOR
from app.models.user import AUDITOR, BIDDER
from tests.web.conftest import login, open_and_judge, post_form
from tests.web.report_helpers import wait_until_rendered

COPIES = 2  # each sample bid gets two copies: 6 bids, then 18


@contextmanager
def counted(app):
    """Count the statements this thread sends (background renders run on threads of their own)."""
    thread = threading.get_ident()
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _many):
        if threading.get_ident() == thread:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_of(app, client, path: str) -> int:
    client.get(path)  # warm: first reads of a process (parsed definitions, ...) are cached
    with counted(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


def copy_bids(app, tender_id: int, copies: int) -> None:
    """Copy every live bid of the tender `copies` times, each copy from a new bidder, with its scores."""
    with app.app_context():
        bids = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id, Bid.status == "submitted")).all()
        for bid in bids:
            scores = db.session.scalars(select(Score).where(Score.bid_id == bid.id)).all()
            for n in range(copies):
                organisation = Organisation(name=f"{bid.organisation.name} {n + 2}", kind=OPERATOR,
                                            country=bid.organisation.country)
                copy = Bid(tender_id=tender_id, organisation=organisation, label=f"{bid.label}-{n + 2}",
                           version_no=1, submitted_at=bid.submitted_at, filename=bid.filename,
                           workbook=bid.workbook, workbook_sha256=bid.workbook_sha256, price=bid.price,
                           controlling_entity=bid.controlling_entity, controlling_country=bid.controlling_country,
                           exclusion_reason=bid.exclusion_reason, abnormal_decision=bid.abnormal_decision,
                           abnormal_reason=bid.abnormal_reason)
                copy.answers = [Answer(criterion_code=a.criterion_code, value=a.value, place=a.place)
                                for a in bid.answers]
                copy.supply_lines = [SupplyLine(material=s.material, stage=s.stage, country=s.country, share=s.share,
                                                recycled=s.recycled, supplier=s.supplier, evidence=s.evidence,
                                                place=s.place) for s in bid.supply_lines]
                copy.resolutions = [Resolution(**{c.key: getattr(r, c.key) for c in Resolution.__table__.columns
                                                  if c.key not in ("id", "bid_id")}) for r in bid.resolutions]
                db.session.add(copy)
                db.session.flush()
                for score in scores:
                    db.session.add(Score(**{c.key: getattr(score, c.key) for c in Score.__table__.columns
                                            if c.key not in ("id", "bid_id")}, bid_id=copy.id))
        # a new row version, as any real change of a tender's data makes, so cached documents are made again
        db.session.execute(update(Tender).where(Tender.id == tender_id).values(version=Tender.version + 1))
        db.session.commit()


def officer_pages(tender_id: int, labels: list[str]) -> list[str]:
    base = f"/tenders/{tender_id}"
    side_by_side = "&".join(f"bid={label}" for label in labels[:3])
    return ["/tenders/", base, f"{base}/committee", f"{base}/opening",
            f"{base}/scoring", f"{base}/decisions", f"{base}/results", f"{base}/results?{side_by_side}",
            f"{base}/export.xlsx", f"{base}/tender.yaml"]


def bidder_pages(tender_id: int, bid_id: int) -> list[str]:
    return ["/portal/", f"/portal/tenders/{tender_id}", f"/portal/bids/{bid_id}", f"/portal/bids/{bid_id}/receipt.txt"]


@pytest.fixture
def bidder(app, tender_id, make_user):
    """A signed-in user of the first sample bid's bidder, and that bid's id."""
    with app.app_context():
        bid = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id).order_by(Bid.id)).first()
        organisation_id, bid_id = bid.organisation_id, bid.id
    client = app.test_client()
    login(client, make_user(BIDDER, organisation_id=organisation_id))
    return client, bid_id


def test_officer_and_bidder_pages_run_as_many_statements_for_many_bids_as_for_few(app, tender_id, committee,
                                                                                  bidder):
    _, criterion_id = open_and_judge(app, tender_id, committee)
    with app.app_context():
        bids = db.session.execute(select(Bid.id, Bid.label).where(Bid.tender_id == tender_id).order_by(Bid.id)).all()
    labels = [label for _, label in bids]
    for member in ("alice", "bob"):  # every bid scored by two members; the copies get the same scores
        for scored_id, _ in bids:
            body = post_form(committee[member], f"/tenders/{tender_id}/scoring", {
                "bid_id": scored_id, "criterion_id": criterion_id, "points": 2, "justification": "sound plan"})
            assert "Score saved." in body.get_data(as_text=True)
    client, bid_id = bidder
    pages = [(committee["chair"], path) for path in officer_pages(tender_id, labels)]
    pages += [(client, path) for path in bidder_pages(tender_id, bid_id)]

    few = {path: statements_of(app, who, path) for who, path in pages}
    copy_bids(app, tender_id, COPIES)
    many = {path: statements_of(app, who, path) for who, path in pages}
    assert many == few


def finalise(app, tender_id: int, committee) -> None:
    """Consensus on every judgement, the flagged low price decided, and the evaluation finalised."""
    chair = committee["chair"]
    open_and_judge(app, tender_id, committee)
    post_form(chair, f"/tenders/{tender_id}/consensus/start")
    with app.app_context():
        bids = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id)).all()
        judged = db.session.scalars(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                               Criterion.rule_kind == "judgement")).all()
        flagged = next(b.id for b in bids if b.label == "voltaris-energy-storage")
        bid_ids = [bid.id for bid in bids]
    for bid_id in bid_ids:
        for judged_id in judged:
            post_form(chair, f"/tenders/{tender_id}/scoring", {"bid_id": bid_id, "criterion_id": judged_id,
                                                               "points": 3, "justification": "agreed in meeting"})
    post_form(chair, f"/tenders/{tender_id}/decisions/abnormal", {"bid_id": flagged, "decision": "rejected",
                                                                  "reason": "No credible explanation of the price"})
    body = post_form(chair, f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    assert "Evaluation finalised" in body


def test_auditor_and_debrief_pages_and_the_evidence_bundle_run_as_many_statements_for_many_bids(
        app, tender_id, committee, bidder, make_user):
    finalise(app, tender_id, committee)
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    auditor = app.test_client()
    login(auditor, make_user(AUDITOR, organisation_id=authority_id))
    client, _ = bidder
    pages = [(auditor, "/auditor/"), (auditor, f"/reports/tenders/{tender_id}"),
             (auditor, f"/reports/tenders/{tender_id}/report.pdf"),
             (auditor, f"/auditor/tenders/{tender_id}/evidence.zip"),
             (committee["chair"], f"/reports/tenders/{tender_id}"),
             (client, "/debriefs/"), (client, f"/debriefs/{tender_id}")]

    def measure() -> dict[str, int]:
        wait_until_rendered(auditor, f"/reports/tenders/{tender_id}")
        counts = {f"{n} {path}": statements_of(app, who, path) for n, (who, path) in enumerate(pages)}
        wait_until_rendered(client, f"/debriefs/{tender_id}")  # no render left running when the test ends
        return counts

    few = measure()
    copy_bids(app, tender_id, COPIES)
    many = measure()
    assert many == few
