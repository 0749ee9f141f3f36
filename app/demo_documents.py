"""Demo bid documents: a few small PDFs `make run` adds to the sample bids, so officers see documents beside the
supply lines they prove and the demo bidder downloads its own.

The files are written here, not kept in git: a one-page PDF (ISO 32000-1) in Helvetica, one of the standard fonts
every PDF reader has, so nothing is embedded and each file is about 2 KB. A document that proves supply lines
carries the reference those lines' Evidence cells name (sample_tenders/_sources), which is how the committee's bid
page links them. Every company, reference and figure in them is fictional, like the sample bids.
"""
from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app import audit
from app.extensions import db
from app.models import Bid, BidDocument, Tender
from app.models.bid import SUBMITTED
from app.records.bid_documents import document_facts

A4 = (595, 842)  # points
MARGIN = 56
LINE_CHARACTERS = 92  # what fits between the margins in 10-point Helvetica


@dataclass(frozen=True)
class DemoDocument:
    """One document of one sample bid (its label: the bid file's stem)."""

    tender: str  # the sample's reference
    bid: str
    kind: str
    name: str
    reference: str
    title: str
    paragraphs: tuple[str, ...]


def pdf_document(title: str, paragraphs: Sequence[str]) -> bytes:
    """A one-page PDF of a bold title and paragraphs (wrapped; text outside Windows-1252 shown as "?")."""
    lines = [line for paragraph in paragraphs for line in [*textwrap.wrap(paragraph, LINE_CHARACTERS), ""]]
    text = [f"BT /F2 13 Tf {MARGIN} {A4[1] - MARGIN} Td ({_escaped(title)}) Tj /F1 10 Tf 0 -26 Td 14 TL"]
    text += [f"({_escaped(line)}) '" for line in lines[:50]] + ["ET"]
    content = "\n".join(text).encode("cp1252", "replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 6 0 R "
               b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> >>" % A4,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Title (%s) /Producer (resbid demo data) >>" % _escaped(title).encode("cp1252", "replace")]
    body, offsets = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
    for number, data in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, data)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    xref += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, len(objects), len(body))
    return body + xref + trailer


def _escaped(text: str) -> str:
    """Text for a PDF string: backslash and parentheses escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def add_demo_documents(tender: Tender) -> int:
    """Store the demo documents of this sample's bids with their live versions, received with the workbook, each
    in the audit log as an upload would be; how many were stored."""
    stored = 0
    for spec in (spec for spec in DEMO_DOCUMENTS if spec.tender == tender.reference):
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender.id, Bid.label == spec.bid,
                                                  Bid.status == SUBMITTED))
        data = pdf_document(spec.title, spec.paragraphs)
        document = BidDocument(bid_id=bid.id, kind=spec.kind, reference=spec.reference, display_name=spec.name,
                               file_format="pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                               uploaded_at=bid.submitted_at, data=data)
        db.session.add(document)
        db.session.flush()
        audit.record("bid.document_add", bid, tender_id=tender.id, details={**document_facts(bid, document),
                                                                            "demo": True})
        stored += 1
    return stored


def _proposal(tender: str, bid: str, company: str, subject: str, sections: tuple[str, ...]) -> DemoDocument:
    return DemoDocument(tender, bid, "technical_proposal", f"Technical proposal {company}.pdf", "",
                        f"Technical proposal: {subject}",
                        (f"{company}, tender {tender} (demo data: the company and every figure are fictional).",
                         *sections))


DEMO_DOCUMENTS = (
    _proposal("RB-2027-MAG-01", "nordic-magnet-works", "Nordic Magnet Works AB",
              "sintered NdFeB magnet sets for e-bus traction motors",
              ("1. Scope. 24 tonnes of sintered NdFeB magnet sets over four years, grade N42SH with grain-boundary "
               "diffused dysprosium, machined and coated to the motor maker's drawings.",
               "2. Production. Alloy casting, jet milling, pressing and sintering in Västerås; coating and "
               "magnetising in the same plant; capacity 1,200 tonnes a year, 14% of it reserved for this contract.",
               "3. Security of supply. Two separated-oxide sources in the EU (Sillamäe, La Rochelle) and two outside "
               "it; a safety stock of eight weeks of oxide; 20% of the rare earths recovered from scrap and "
               "end-of-life magnets in our own recovery line.",
               "4. Quality plan. IATF 16949 certified; each batch measured for remanence and coercivity, "
               "reports delivered with the batch.")),
    DemoDocument("RB-2027-MAG-01", "nordic-magnet-works", "supply_evidence", "Tolling agreement NMW-TA-2026-01.pdf",
                 "Tolling agreement NMW-TA-2026-01 (demo)", "Tolling agreement NMW-TA-2026-01 (extract)",
                 ("Between Nordic Magnet Works AB (the customer) and the operator of the separation plant in "
                  "Sillamäe, Estonia (the processor). Demo data: the parties' terms are fictional.",
                  "1. The processor separates the customer's mixed rare-earth concentrate into Nd and Pr oxides, "
                  "at least 30% of the customer's Nd and Pr supply for 2027 to 2030.",
                  "2. The processor keeps a mass balance per lot and issues a certificate naming the origin of the "
                  "concentrate of every lot delivered.")),
    DemoDocument("RB-2027-MAG-01", "nordic-magnet-works", "certificate", "Certificates of origin per lot.pdf",
                 "Certificates of origin per lot (demo)", "Certificate of origin, lot DY-2026-117",
                 ("Goods: dysprosium oxide, 99.5%, 1,250 kg. Exporter: a trader in Kuala Lumpur. Consignee: "
                  "Nordic Magnet Works AB, Västerås. Demo data: the lot and the parties are fictional.",
                  "Country of origin of the concentrate: Myanmar. Country of separation: China (Jiangxi).",
                  "The same form is issued for each lot of dysprosium and terbium the bid declares from these "
                  "sources.")),
    _proposal("RB-2027-BESS-01", "hardanger-battery-systems", "Hardanger Battery Systems AS",
              "10 MW / 20 MWh battery energy-storage system",
              ("1. System. Ten containerised 2 MWh blocks of NMC cells made in our own plant in Mo i Rana; power "
               "conversion and grid connection to the utility's 20 kV substation.",
               "2. Performance. Round-trip efficiency 89% at the point of connection; at least 80% of the rated "
               "capacity after ten years, backed by the full-service contract.",
               "3. Service. Remote monitoring around the clock; a technician on site within 24 hours; spare "
               "modules kept in Hamburg.")),
    DemoDocument("RB-2027-BESS-01", "hardanger-battery-systems", "supply_evidence",
                 "Anode supply contract HBS-GR-10.pdf", "Anode supply contract HBS-GR-10 (demo)",
                 "Anode supply contract HBS-GR-10 (extract)",
                 ("Between Hardanger Battery Systems AS and the synthetic anode graphite plant at Herøya, Norway. "
                  "Demo data: the terms are fictional.",
                  "The plant supplies 70% of the anode graphite of the cells for this contract, made from "
                  "petroleum coke sourced in the EEA, with a certificate of origin per delivery.")),
    _proposal("RB-2027-DEF-GAGE-01", "scheldt-specialty-metals", "Scheldt Specialty Metals NV",
              "6N gallium and 5N germanium for the reserve",
              ("1. Products. Gallium 6N in sealed polyethylene bottles under argon; germanium 5N zone-refined "
               "ingots; each bottle and ingot with its certificate of analysis (GDMS).",
               "2. Origin. Gallium refined in Japan, Germany and Canada; germanium zone-refined in our Antwerp "
               "plant, 40% from scrap collected in the EU.",
               "3. Delivery. To the reserve's bonded warehouse in three call-offs; storage conditions logged "
               "during transport.")),
    DemoDocument("RB-2027-DEF-GAGE-01", "scheldt-specialty-metals", "certificate",
                 "Plant certificates and 2026 mass balance.pdf", "Plant certificates; 2026 mass balance (demo)",
                 "Antwerp germanium plant: certificates and 2026 mass balance",
                 ("ISO 9001 and ISO 14001 certificates of the zone-refining plant in Antwerp. Demo data: the "
                  "figures are fictional.",
                  "Mass balance 2026: germanium input 212 t, of which 85 t recovered from optics and wafer scrap "
                  "collected in the EU (40%); output of 5N ingots 198 t.")),
    DemoDocument("RB-2027-DEF-GAGE-01", "scheldt-specialty-metals", "supply_evidence",
                 "Tolling agreement SSM-GA-11.pdf", "Tolling agreement SSM-GA-11 (demo)",
                 "Tolling agreement SSM-GA-11 (extract)",
                 ("Between Scheldt Specialty Metals NV and a 6N purification plant in Freiberg, Germany. Demo data: "
                  "the terms are fictional.",
                  "The plant purifies 4N gallium to 6N for 30% of the gallium of this contract; 30% of its feed is "
                  "recycled epitaxy scrap.")),
    DemoDocument("RB-2027-REE-LOTS", "nordvik-rare-earths", "supply_evidence", "Offtake NRE-OA-14.pdf",
                 "Offtake NRE-OA-14 (demo)", "Offtake agreement NRE-OA-14 (extract)",
                 ("Between Nordvik Rare Earths AS and the operator of the Mountain Pass mine, California. Demo "
                  "data: the terms are fictional.",
                  "Rare-earth concentrate for a fifth of the buyer's feed from 2027 to 2030, each shipment with a "
                  "certificate of origin.")),
)
