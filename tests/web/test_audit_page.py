"""The audit page shows the viewer's authority only, and keeps bidders' activity sealed until opening."""
from __future__ import annotations

from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.extensions import db
from app.models import Tender, User
from tests.web.conftest import login


def _user(app, email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _page(app, email: str) -> str:
    client = app.test_client()
    login(client, email)
    response = client.get("/audit/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    sealed = page.partition('id="sealed-activity"')[2].partition("</p>")[0]
    return sealed + page.partition('id="audit-events"')[2].partition("</table>")[0]  # not the filter's options


def test_auditor_sees_own_authority_and_bidders_only_after_opening(app, tender_id, make_user):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        reference, authority_id = tender.reference, tender.authority_id
    own = make_user("auditor", organisation_id=authority_id)
    officer = make_user("officer", organisation_id=authority_id)
    other = make_user("auditor")
    bidder = make_user("bidder")
    with app.app_context():
        audit.record("bid.submit", object_type="bid", object_id=1, tender_id=tender_id, actor=_user(app, bidder))
        audit.record("bid.self_assessed", object_type="tender", object_id=tender_id, tender_id=tender_id,
                     actor=_user(app, bidder))
        audit.record("tender.update", object_type="tender", object_id=tender_id, tender_id=tender_id,
                     actor=_user(app, officer))
        audit.record("organisation.create", object_type="organisation", actor=_user(app, other))
        db.session.commit()

    others_page = _page(app, other)
    assert "organisation created" in others_page
    assert "tender changed" not in others_page and "bid submitted" not in others_page and reference not in others_page

    before_opening = _page(app, own)
    assert "tender changed" in before_opening and "organisation created" not in before_opening
    assert "bid submitted" not in before_opening and "workbook checked by bidder" not in before_opening
    assert f"{reference}: 2 events" in before_opening

    with app.app_context():
        db.session.get(Tender, tender_id).opened_at = utcnow()
        db.session.commit()
    after_opening = _page(app, own)
    assert "bid submitted" in after_opening and "workbook checked by bidder" in after_opening
    assert "stays sealed until opening" not in after_opening
