"""Every page runs as many SQL statements for a tender of many bids as for a tender of few (issue 15).

Each test takes a tender to one stage of its life and measures every page of that stage for each role; then the
BESS sample's six bids are copied under new bidders until there are three times as many, the tender itself is
copied twice (dashboards and lists then show three tenders), and every page is measured again. A count that grows
is a lazy load per bid or per tender. Every GET route of the app is measured at some stage or excused below.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import NamedTuple

import pytest
from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import Bid, Criterion, Tender
from app.models.user import ADMIN, AUDITOR, BIDDER
from tests.web.conftest import AFTER_OPENING, login, open_and_judge, post_form
from tests.web.document_steps import PDF_WITH_JAVASCRIPT, store_document
from tests.web.lot_committee import CHAIR, TECHNICAL, import_lots
from tests.web.query_counting import add_criteria, copy_bids, copy_tender, counted, statements_of
from tests.web.report_helpers import wait_until_rendered
from tests.web.setup_steps import NOW, build_valid_tree, create_draft
from tests.web.verification_steps import answer, ask, requests_of

BID_COPIES = 2  # each sample bid gets two copies: 6 bids, then 18
TENDER_COPIES = 2  # one tender, then three
BEFORE_DEADLINE = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)  # the BESS sample's deadline is 8 March 2027

EXCUSED = {
    "static": "static files (CSS, fonts): no database",
    "evaluation.award": "a tender divided into lots only: measured in tests/web/test_lots_stored.py",
    **{f"contracts.{name}": "a contract's pages: measured in tests/web/test_contracts.py as its reports grow"
       for name in ("contractor_page", "report_workbook", "authority_page", "pdf")},
}


class Ids(NamedTuple):
    tender: int
    bid: int = 0  # a live bid the committee reads
    own_bid: int = 0  # the signed-in bidder's bid
    criterion: int = 0  # a criterion of a draft
    document: int = 0  # a document of the live bid the committee reads
    own_document: int = 0  # a document of the signed-in bidder's bid
    request: int = 0  # a verification request about that bid
    answer_document: int = 0  # a document the bidder sent with its answer to it


def draft_pages(ids: Ids) -> list[tuple[str, str, int]]:
    base = f"/tenders/{ids.tender}"
    return [("anonymous", "/", 302), ("anonymous", "/login", 200)] + [("officer", path, 200) for path in (
        "/dashboard", "/tenders/", "/tenders/new", "/tenders/import", base, f"{base}/details", f"{base}/materials",
        f"{base}/rules", f"{base}/plausibility", f"{base}/performance", f"{base}/criteria", f"{base}/criteria/new",
        f"{base}/criteria/{ids.criterion}", f"{base}/publish", f"{base}/delete", f"{base}/tender.yaml")]


def bidder_pages(ids: Ids) -> list[str]:
    return ["/dashboard", "/portal/", f"/portal/tenders/{ids.tender}", f"/portal/tenders/{ids.tender}/template.xlsx",
            f"/portal/bids/{ids.own_bid}", f"/portal/bids/{ids.own_bid}/receipt.txt"]


def published_pages(ids: Ids) -> list[tuple[str, str, int]]:
    base = f"/tenders/{ids.tender}"
    officer = ["/dashboard", "/tenders/", base, f"{base}/committee", f"{base}/opening", f"{base}/opening/confirm",
               f"{base}/corrigendum", f"{base}/tender.yaml", f"{base}/workbook.xlsx"]
    bidder = bidder_pages(ids) + [f"/portal/bids/{ids.own_bid}/withdraw",
                                  f"/portal/bids/{ids.own_bid}/documents/{ids.own_document}"]
    return [("chair", path, 200) for path in officer] + [("bidder", path, 200) for path in bidder]


def closed_pages(ids: Ids) -> list[tuple[str, str, int]]:
    base = f"/tenders/{ids.tender}"
    return [("chair", path, 200) for path in ("/dashboard", base, f"{base}/opening", f"{base}/opening/confirm")]


def evaluating_pages(ids: Ids, labels: list[str]) -> list[tuple[str, str, int]]:
    base = f"/tenders/{ids.tender}"
    side_by_side = "&".join(f"bid={label}" for label in labels[:3])
    officer = ["/dashboard", "/tenders/", base, f"{base}/committee", f"{base}/opening", f"{base}/scoring",
               f"{base}/decisions", f"{base}/decisions/exclude?bid_id={ids.bid}", f"{base}/consensus/start",
               f"{base}/finalise", f"{base}/results", f"{base}/results?{side_by_side}", f"{base}/bids/{ids.bid}",
               f"{base}/bids/{ids.bid}/workbook", f"{base}/bids/{ids.bid}/documents/{ids.document}",
               f"{base}/export.xlsx", f"{base}/tender.yaml",
               f"{base}/bids/{ids.bid}/verification/{ids.request}/documents/{ids.answer_document}"]
    bidder = bidder_pages(ids) + [f"/portal/verification/{ids.request}"]
    return ([("chair", path, 200) for path in officer] + [("bidder", path, 200) for path in bidder]
            + [("admin", path, 200) for path in ("/dashboard", "/audit/", "/audit/events.csv")])


def finalised_pages(ids: Ids) -> list[tuple[str, str, int]]:
    report = f"/reports/tenders/{ids.tender}"
    evidence = f"/auditor/tenders/{ids.tender}/evidence"
    auditor = ["/dashboard", "/auditor/", report, f"{report}/report.pdf", evidence, f"{evidence}.zip",
               "/audit/", "/audit/events.csv"]
    bidder = ["/dashboard", "/debriefs/", f"/debriefs/{ids.tender}", f"/debriefs/{ids.tender}/letter.pdf"]
    return ([("auditor", path, 200) for path in auditor] + [("bidder", path, 200) for path in bidder]
            + [("chair", path, 200) for path in ("/dashboard", report, f"{report}/report.pdf")])


def lot_committee_pages(ids: Ids) -> list[tuple[str, str, int]]:
    """The committee's pages of a tender divided into lots: scoring and decisions lot by lot."""
    base = f"/tenders/{ids.tender}"
    chair = [(f"{base}/scoring", 302), (f"{base}/decisions", 302), (f"{base}/lots/1/scoring", 200),
             (f"{base}/lots/2/scoring", 200), (f"{base}/lots/1/decisions", 200),
             (f"{base}/lots/2/decisions/exclude?bid_id={ids.bid}", 200), (f"{base}/opening", 200),
             ("/dashboard", 200), (base, 200)]
    technical = [f"{base}/lots/1/scoring", f"{base}/opening", "/dashboard"]
    return [("chair", path, status) for path, status in chair] + [("technical", path, 200) for path in technical]


def test_a_page_naming_a_tender_reads_it_and_the_seat_with_the_reader(app, tender_id, opened):
    """The user loader reads the reader, the tender the address names and the reader's seat on its committee in one
    statement (app/auth/loader.py), and nothing reads the reader's or the tender's row again."""
    path = f"/tenders/{tender_id}/results"
    opened["alice"].get(path)
    with counted(app) as statements:
        assert opened["alice"].get(path).status_code == 200
    selects = [" ".join(statement.split()) for statement in statements if statement.lstrip().startswith("SELECT")]
    read = ("user_account.email", "tender.reference", "committee_member.is_chair")
    assert all(column in selects[0] for column in read)
    assert [select for select in selects[1:] if re.search(r"\bFROM (user_account|tender)\b", select)] == []


def test_every_get_route_is_measured_or_excused(app):
    ids = Ids(1, 2, 3, 4, 5, 6, 7, 8)
    pages = (draft_pages(ids) + published_pages(ids) + closed_pages(ids) + evaluating_pages(ids, ["a", "b"])
             + finalised_pages(ids) + lot_committee_pages(ids))
    adapter = app.url_map.bind("localhost")
    measured = {adapter.match(path.split("?")[0], method="GET")[0] for _, path, _ in pages}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert routes - measured - set(EXCUSED) == set(), "GET routes neither measured nor excused"
    assert measured & set(EXCUSED) == set()


def measure(app, clients: dict, pages) -> dict[str, int]:
    return {f"{who} {path}": statements_of(app, clients[who], path, status) for who, path, status in pages}


def signed_in(app, email: str):
    client = app.test_client()
    login(client, email)
    return client


@pytest.fixture
def bidder(app, tender_id, make_user):
    """A signed-in user of the first sample bid's bidder, and that bid's id."""
    with app.app_context():
        bid = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id).order_by(Bid.id)).first()
        organisation_id, bid_id = bid.organisation_id, bid.id
    return signed_in(app, make_user(BIDDER, organisation_id=organisation_id)), bid_id


def test_draft_pages_run_as_many_statements_for_many_criteria_and_tenders(app, make_user):
    clock.freeze(NOW)
    officer = signed_in(app, make_user("officer"))
    tender_id = create_draft(officer)
    build_valid_tree(app, officer, tender_id)
    with app.app_context():
        criterion_id = db.session.scalar(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                                    Criterion.code == "QUAL"))
    clients = {"officer": officer, "anonymous": app.test_client()}
    pages = draft_pages(Ids(tender_id, criterion=criterion_id))
    few = measure(app, clients, pages)
    add_criteria(app, tender_id, 3)
    copy_tender(app, tender_id, TENDER_COPIES)
    assert measure(app, clients, pages) == few


def test_published_pages_run_as_many_statements_for_many_bids_and_tenders(app, tender_id, committee,
                                                                                    bidder):
    client, bid_id = bidder
    clients = {"chair": committee["chair"], "bidder": client}
    clock.freeze(BEFORE_DEADLINE)
    ids = Ids(tender_id, own_bid=bid_id, own_document=store_document(app, bid_id))
    few = measure(app, clients, published_pages(ids))
    copy_bids(app, tender_id, BID_COPIES)
    copy_tender(app, tender_id, TENDER_COPIES)
    assert measure(app, clients, published_pages(ids)) == few


def test_closed_pages_run_as_many_statements_for_many_bids_and_tenders(app, tender_id, committee):
    clients = {"chair": committee["chair"]}
    clock.freeze(AFTER_OPENING)
    post_form(committee["alice"], f"/tenders/{tender_id}/opening")  # one confirmation of two
    few = measure(app, clients, closed_pages(Ids(tender_id)))
    copy_bids(app, tender_id, BID_COPIES)
    copy_tender(app, tender_id, TENDER_COPIES)
    assert measure(app, clients, closed_pages(Ids(tender_id))) == few


def test_evaluation_pages_run_as_many_statements_for_many_bids_and_tenders(app, tender_id, committee, bidder,
                                                                          make_user):
    first_bid, criterion_id = open_and_judge(app, tender_id, committee)
    with app.app_context():
        bids = db.session.execute(select(Bid.id, Bid.label).where(Bid.tender_id == tender_id).order_by(Bid.id)).all()
    labels = [label for _, label in bids]
    for member in ("alice", "bob"):  # every bid scored by two members; the copies get the same scores
        for scored_id, _ in bids:
            body = post_form(committee[member], f"/tenders/{tender_id}/scoring", {
                "bid_id": scored_id, "criterion_id": criterion_id, "points": 2, "justification": "sound plan"})
            assert "Score saved." in body.get_data(as_text=True)
    client, bid_id = bidder
    clients = {"chair": committee["chair"], "bidder": client, "admin": signed_in(app, make_user(ADMIN))}
    document_id = store_document(app, first_bid)
    assert bid_id == first_bid  # the bidder's bid is the one the committee reads and asks about
    ask(committee["chair"], tender_id, first_bid, None, "Send the offtake agreements.", "2027-03-12")
    [request] = requests_of(app, first_bid)
    assert answer(client, request.id, "Attached.", [(PDF_WITH_JAVASCRIPT, "Offtake.pdf")]).status_code == 302
    [answered] = requests_of(app, first_bid)[0].answers
    pages = evaluating_pages(Ids(tender_id, first_bid, bid_id, document=document_id, request=request.id,
                                 answer_document=answered.documents[0].id), labels)
    few = measure(app, clients, pages)
    copy_bids(app, tender_id, BID_COPIES)
    copy_tender(app, tender_id, TENDER_COPIES)
    assert measure(app, clients, pages) == few


def test_lot_committee_pages_run_as_many_statements_for_many_bids(app, runner, tmp_path, make_organisation,
                                                                 make_user):
    tender_id = import_lots(app, runner, tmp_path, make_organisation, make_user)
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.label == "nordic-magnet-works"))
    clients = {"chair": signed_in(app, CHAIR), "technical": signed_in(app, TECHNICAL)}
    pages = lot_committee_pages(Ids(tender_id, bid_id))
    few = measure(app, clients, pages)
    copy_bids(app, tender_id, BID_COPIES)
    assert measure(app, clients, pages) == few


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
    client, _ = bidder
    clients = {"chair": committee["chair"], "bidder": client,
               "auditor": signed_in(app, make_user(AUDITOR, organisation_id=authority_id))}
    pages = finalised_pages(Ids(tender_id))

    def measured() -> dict[str, int]:
        wait_until_rendered(clients["auditor"], f"/reports/tenders/{tender_id}")
        wait_until_rendered(clients["auditor"], f"/auditor/tenders/{tender_id}/evidence")
        wait_until_rendered(client, f"/debriefs/{tender_id}")
        counts = measure(app, clients, pages)
        wait_until_rendered(client, f"/debriefs/{tender_id}")  # no render left running when the test ends
        return counts

    few = measured()
    copy_bids(app, tender_id, BID_COPIES)
    copy_tender(app, tender_id, TENDER_COPIES)
    assert measured() == few
