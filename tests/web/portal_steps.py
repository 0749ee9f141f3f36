"""What the portal tests share: a small published tender stored from a definition dict, its filled workbook,
uploading through the real form, and the clock standing at NOW."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO

import pytest
from sqlalchemy import func, select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Bid, Organisation, Tender
from app.models.organisation import AUTHORITY
from app.models.tender import DRAFT, PUBLISHED
from app.records import definition
from scoring import parse_tender
from scoring.resilience import SupplyLine
from tender_files.bids import tender_info
from tender_files.metadata import TenderMeta
from tests.web.conftest import csrf_token
from workbooks import BidFilling, CompanyDetails, build_template, fill_workbook

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
DEADLINE = NOW + timedelta(days=3, hours=4)  # 13 Jan 2027 13:00 UTC, 14:00 in Brussels
DEFINITION = {
    "title": "Permanent magnets for tram traction motors",
    "currency": "EUR",
    "bill_of_materials": {"Nd": 0.8, "Dy": 0.2},
    "criteria": [
        {"code": "PRICE", "name": "Price", "type": "price", "weight": 40, "rule": {"kind": "price_proportional"}},
        {"code": "EOL", "name": "End-of-life recycling in the EU", "weight": 20,
         "rule": {"kind": "yes_no", "points_yes": 100, "points_no": 0}},
        {"code": "DY-REF", "name": "Dy refining concentration", "weight": 25,
         "source": {"metric": "largest_third_country_share", "stage": "processing", "material": "Dy"},
         "rule": {"kind": "linear", "better": "lower", "anchors": [[50, 100], [100, 0]]}},
        {"code": "PLAN", "name": "Quality plan", "weight": 15,
         "rule": {"kind": "judgement", "scale": 3, "descriptors": ["none", "weak", "sound", "excellent"]}},
    ],
}
SUPPLY = (SupplyLine("Nd", "extraction", "CN", 70, 0, "Baotou", "Annex 2"),
          SupplyLine("Nd", "extraction", "AU", 30, 0, "Lynas", "Annex 2"),
          SupplyLine("Nd", "processing", "CN", 100, 0, "Baotou", "Annex 3"),
          SupplyLine("Dy", "processing", "CN", 80, 0, "Ganzhou", "Annex 3"),
          SupplyLine("Dy", "processing", "EE", 20, 25, "NPM Silmet", "Annex 3"))
BID = BidFilling(company=CompanyDetails(name="Acme Magnets GmbH", country="DE", controlling_entity="Acme Holding AG",
                                        controlling_country="DE", contact_name="Ana Ruiz",
                                        contact_email="ana@acme.example"),
                 price=Decimal("1250000"), answers={"EOL": False}, supply=SUPPLY)


def store_tender(app, reference: str = "RB-2027-MAG-07", status: str = PUBLISHED,
                 deadline: datetime = DEADLINE) -> int:
    """Store a tender built from DEFINITION, as the officers' pages would; return its id."""
    with app.app_context():
        authority = Organisation(name=f"Stadtwerke {reference}", kind=AUTHORITY, country="BE")
        meta = TenderMeta(reference=reference, title=DEFINITION["title"], authority_name=authority.name,
                          authority_country="BE", submission_deadline_at=deadline,
                          opening_at=deadline + timedelta(hours=1), subject="NdFeB magnets, 400 units",
                          cpv_code="31161000")
        tender = Tender(status=status, published_at=None if status == DRAFT else NOW - timedelta(days=20))
        definition.store(tender, meta, parse_tender({**DEFINITION, "reference": reference}), authority)
        db.session.add_all([authority, tender])
        db.session.commit()
        return tender.id


LOTS = [{"number": 1, "title": "Tram motor magnets"}, {"number": 2, "title": "Spare magnets"},
        {"number": 3, "title": "Dysprosium reserve", "bill_of_materials": {"Dy": 1.0},
         "criteria": [{"code": "PRICE", "name": "Price", "type": "price", "weight": 100,
                       "rule": {"kind": "price_proportional"}}]}]


def store_divided(app, reference: str = "RB-2027-LOTS") -> int:
    """Store DEFINITION divided into LOTS (lot 3 with its own tree and bill of materials, at most two lots bid for
    per tenderer), published; return its id."""
    with app.app_context():
        authority = Organisation(name="Stadtwerke Lots", kind=AUTHORITY, country="BE")
        meta = TenderMeta(reference=reference, title=DEFINITION["title"], authority_name=authority.name,
                          authority_country="BE", submission_deadline_at=DEADLINE,
                          opening_at=DEADLINE + timedelta(hours=1), cpv_code="31161000")
        tender = Tender(status=PUBLISHED, published_at=NOW - timedelta(days=20))
        parsed = parse_tender({**DEFINITION, "reference": reference, "lots": LOTS,
                               "lot_rules": {"max_lots_bid_per_tenderer": 2}})
        definition.store(tender, meta, parsed, authority)
        db.session.add_all([authority, tender])
        db.session.commit()
        return tender.id


def workbook_for(app, tender_id: int, **changes) -> bytes:
    """The tender's template filled with BID, changed by `changes` (BidFilling fields)."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        template = build_template(parse_tender(definition.definition_of(tender)),
                                  tender_info(definition.meta_of(tender)))
    return fill_workbook(template, replace(BID, **changes))


def post_upload(client, tender_id: int, data: bytes, action: str = "bids", name: str = "bid.xlsx",
                live_version: int | None = None):
    """Upload through the tender page's form, with its CSRF token and the live version it shows."""
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    shown = re.search(r'name="live_version" type="hidden" value="(\d+)"', page).group(1)
    form = {"workbook": (BytesIO(data), name), "csrf_token": csrf_token(client, f"/portal/tenders/{tender_id}"),
            "live_version": shown if live_version is None else live_version}
    return client.post(f"/portal/tenders/{tender_id}/{action}", data=form, content_type="multipart/form-data")


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                       .order_by(AuditEvent.seq)))


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every portal test runs at NOW; tests move the clock from there (conftest resets it)."""
    clock.freeze(NOW)


def bids_of(app, tender_id: int) -> list[Bid]:
    """The tender's bids, oldest version first, readable outside the app context."""
    with app.app_context():
        bids = list(db.session.scalars(select(Bid).where(Bid.tender_id == tender_id).order_by(Bid.version_no)))
        for bid in bids:
            db.session.expunge(bid)  # keeps the loaded columns readable after the context ends
        return bids
