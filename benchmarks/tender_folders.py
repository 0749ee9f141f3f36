"""Tender folders of many bids for the benchmarks, built from the magnet sample the way a bidder makes a bid.

build_folder copies sample_tenders/ndfeb-magnets under a reference of its own and writes `bids` workbooks:
each of the sample's six bidders in turn, under a new company name and a slightly different price, filled into
the tender's blank template with the project's workbook helpers (sample_tenders/build.py: build_template and
fill_workbook), with its receipt and the committee's scores of the bidder it copies. load_finalised imports
such a folder into an app's database with the demo accounts and opens and finalises it as the demo does.
"""
from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import yaml

from sample_tenders import build as samples

SAMPLE = "ndfeb-magnets"


def build_folder(target: Path, bids: int, reference: str, plausibility: dict | None = None) -> Path:
    """Write a tender folder `target` of the magnet sample under `reference` with `bids` bids, publishing
    `plausibility` (tender.yaml's key: scoring/plausibility_rules.py) when given; return it."""
    from tender_files.bids import tender_info
    from tender_files.folder import load_tender_definition, read_yaml
    from workbooks import build_template, fill_workbook

    (target / "bids").mkdir(parents=True)
    tender_text = (samples.SAMPLES / SAMPLE / "tender.yaml").read_text("utf-8")
    original = yaml.safe_load(tender_text)["reference"]
    tender_text = tender_text.replace(original, reference)
    if plausibility:
        tender_text += yaml.safe_dump({"plausibility": plausibility}, sort_keys=False, allow_unicode=True)
    (target / "tender.yaml").write_text(tender_text, "utf-8")
    data, problems = read_yaml(target / "tender.yaml")
    assert not problems, problems
    meta, definition = load_tender_definition(data)
    template = build_template(definition, tender_info(meta))
    sample_scores = yaml.safe_load((samples.SAMPLES / SAMPLE / "scores.yaml").read_text("utf-8"))
    bidders = list(samples.sources(SAMPLE).items())
    receipts, scores = {}, {}
    for n in range(bids):
        stem, source = bidders[n % len(bidders)]
        copy_stem = f"{stem}-{n + 1:03d}"
        company = {**source["company"], "name": f"{source['company']['name']} {n + 1}"}
        # a price a little apart from every other copy's, so the ranking has no ties
        copied = {**source, "company": company, "price": source["price"] + n * 10}
        workbook = samples.deterministic(fill_workbook(template, samples.filling(copied)))
        (target / "bids" / f"{copy_stem}.xlsx").write_bytes(workbook)
        receipts[copy_stem] = {"submitted_at": samples.submitted_at(source).isoformat(),
                               "sha256": hashlib.sha256(workbook).hexdigest()}
        scores[copy_stem] = copy.deepcopy(sample_scores["scores"][stem])  # no YAML aliases: the reader refuses them
    (target / "receipts.yaml").write_text(yaml.safe_dump(receipts, sort_keys=False), "utf-8")
    (target / "scores.yaml").write_text(yaml.safe_dump({"committee": sample_scores["committee"], "scores": scores},
                                                       sort_keys=False, allow_unicode=True), "utf-8")
    return target


def load_finalised(folder: Path) -> int:
    """Import `folder` into the app's database (inside an app context), the demo accounts and sample tenders
    first; then open and finalise it as the demo does. The tender's id."""
    from app.demo import FINALISED_LONG_AGO, import_sample, load_demo_accounts, load_sample_tenders
    from app.extensions import db
    from tender_files.folder import load_folder

    load_demo_accounts()
    db.session.commit()
    load_sample_tenders()  # the bidder portal lists the one open for bids
    return import_sample(load_folder(folder), FINALISED_LONG_AGO).id
