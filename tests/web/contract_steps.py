"""What the contract tests share: the magnet sample finalised (its contract made), accounts for the contractor,
another bidder and the authority, a filled performance report workbook and its upload."""
from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from app.demo import FINALISED_LONG_AGO, import_sample, load_demo_accounts
from app.extensions import db
from app.models import Bid, Contract, Organisation
from app.records.evaluation import supply_of
from scoring.resilience import SupplyLine
from tender_files.folder import load_folder
from tests.web.conftest import csrf_token, login
from workbooks import BidFilling, CompanyDetails, fill_workbook

MAGNETS = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"
WINNER = "Nordic Magnet Works AB"
OTHER = "Lahntal Magnettechnik GmbH"
COMPANY = CompanyDetails(name=WINNER, country="SE", controlling_entity="Nordic Magnet Holding AB",
                         controlling_country="SE")


def finalised_magnets(app) -> dict:
    """The magnet sample imported and finalised by the demo officers; the ids a test needs."""
    with app.app_context():
        load_demo_accounts()
        db.session.commit()
        tender = import_sample(load_folder(MAGNETS), FINALISED_LONG_AGO)
        contract = db.session.scalar(select(Contract).where(Contract.tender_id == tender.id))
        organisations = {name: db.session.scalar(select(Organisation.id).where(Organisation.name == name))
                         for name in (WINNER, OTHER)}
        return {"tender": tender.id, "contract": contract.id, "authority": tender.authority_id,
                "winner": organisations[WINNER], "other": organisations[OTHER], "bid": contract.bid_id}


def signed_in(app, make_user) -> dict:
    """finalised_magnets with a signed-in client for the contractor, another bidder, an officer and an auditor of
    the authority."""
    ids = finalised_magnets(app)
    clients = {}
    accounts = (("contractor", "bidder", ids["winner"]), ("other", "bidder", ids["other"]),
                ("officer", "officer", ids["authority"]), ("auditor", "auditor", ids["authority"]))
    for name, role, organisation in accounts:
        clients[name] = app.test_client()
        login(clients[name], make_user(role, email=f"{name}@contract.example", organisation_id=organisation))
    return {**ids, **clients}


def upload(client, contract_id: int, period: int, data: bytes):
    """The contractor's report for a period, sent through the contract page's form."""
    token = csrf_token(client, f"/portal/contracts/{contract_id}")
    return client.post(f"/portal/contracts/{contract_id}/periods/{period}",
                       data={"csrf_token": token, f"p{period}-workbook": (io.BytesIO(data), "report.xlsx")},
                       content_type="multipart/form-data")


def bid_supply(app, bid_id: int) -> list[SupplyLine]:
    """The winning bid's supply chain, as committed."""
    with app.app_context():
        return [replace(line, place="") for line in supply_of([bid_id])[bid_id]]


def with_recycled(lines: list[SupplyLine], recycled: float) -> list[SupplyLine]:
    """The lines with every magnet-making line's recycled feedstock changed."""
    return [replace(line, recycled=recycled) if line.stage == "manufacturing" else line for line in lines]


def filled_report(template: bytes, lines: list[SupplyLine]) -> bytes:
    return fill_workbook(template, BidFilling(company=COMPANY, supply=lines))


def bid_workbook(app, bid_id: int) -> bytes:
    with app.app_context():
        return db.session.get(Bid, bid_id).workbook
