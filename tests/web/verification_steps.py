"""Verification requests for tests: the committee's request and outcome through the bid page's forms, the bidder's
answer through the portal's, and the rows they leave."""
from __future__ import annotations

import io

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Bid, SupplyLine, User, VerificationRequest
from tests.web.conftest import csrf_token, post_form


def bid_of(app, tender_id: int, label: str) -> Bid:
    with app.app_context():
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id, Bid.label == label))
        db.session.expunge(bid)
        return bid


def line_of(app, bid_id: int, material: str, stage: str) -> int:
    """The id of the bid's first supply line of that material and stage."""
    with app.app_context():
        return db.session.scalar(select(SupplyLine.id).where(
            SupplyLine.bid_id == bid_id, SupplyLine.material == material, SupplyLine.stage == stage)
            .order_by(SupplyLine.id))


def bidder_of(app, make_user, bid: Bid) -> str:
    """A bidder account of the bid's organisation, made for the test; its email."""
    return make_user("bidder", organisation_id=bid.organisation_id)


def ask(client, tender_id: int, bid_id: int, line_id: int | None, question: str, reply_by: str):
    return post_form(client, f"/tenders/{tender_id}/bids/{bid_id}/verification",
                     {"line": "" if line_id is None else str(line_id), "question": question, "reply_by": reply_by})


def requests_of(app, bid_id: int) -> list[VerificationRequest]:
    with app.app_context():
        rows = list(db.session.scalars(select(VerificationRequest).where(VerificationRequest.bid_id == bid_id)
                                       .order_by(VerificationRequest.id)))
        for row in rows:
            _ = [(answer.documents, answer.text) for answer in row.answers]
        db.session.expunge_all()
        return rows


def answer(client, request_id: int, text: str, files: list[tuple[bytes, str]] = ()):
    """The bidder's answer through the portal's form (multipart), not following the redirect."""
    form = {"text": text, "documents": [(io.BytesIO(data), name) for data, name in files],
            "csrf_token": csrf_token(client, f"/portal/verification/{request_id}")}
    return client.post(f"/portal/verification/{request_id}", data=form, content_type="multipart/form-data")


def record_outcome(client, tender_id: int, bid_id: int, request_id: int, outcome: str, reason: str,
                   consequence: str = "", criterion: str = ""):
    return post_form(client, f"/tenders/{tender_id}/bids/{bid_id}/verification/outcome",
                     {"request_id": request_id, "outcome": outcome, "reason": reason, "consequence": consequence,
                      "criterion": criterion})


def actions(app, tender_id: int, prefix: str) -> list[AuditEvent]:
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.tender_id == tender_id,
                                                                  AuditEvent.action.startswith(prefix))
                                         .order_by(AuditEvent.seq)))
        db.session.expunge_all()
        return events


def user_named(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user
