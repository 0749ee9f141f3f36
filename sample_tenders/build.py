"""Regenerate the sample tenders' bid workbooks and receipts from the readable bidder sources, then check them.

    .venv/bin/python sample_tenders/build.py            # write bids/*.xlsx and receipts.yaml, then check
    .venv/bin/python sample_tenders/build.py --check    # only check what is on disk
    .venv/bin/python sample_tenders/build.py ndfeb-magnets   # one tender

Each bidder is kept as YAML under _sources/<tender folder>/<bid file stem>.yaml (company, submitted_at, price,
answers by criterion code, supply rows). A workbook is made the way a bidder makes one: the tender's blank
template (workbooks.build_template) filled in (fill_workbook). The bytes are made deterministic (fixed
document times and zip entry times), so the same sources give the same files and the same receipts.yaml hashes.

The check reads each folder as the portal does (load_folder, read_workbook), compares every parsed workbook
with its source, evaluates the tender with the committee's scores.yaml, and verifies the story the sample is
there to tell (EXPECTED): the winner, the close race, the abnormally low price and who is ineligible and why.
Exit code 0 when everything holds, 1 otherwise (each problem printed on stderr).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

SAMPLES = Path(__file__).resolve().parent
if str(SAMPLES.parent) not in sys.path:
    sys.path.insert(0, str(SAMPLES.parent))  # run from anywhere: the repository root holds app/ and scoring/

from scoring.problems import InvalidInput  # noqa: E402
from scoring.resilience import SupplyLine, validate_declaration  # noqa: E402
from tender_files.folder import load_folder, load_tender_definition, read_yaml  # noqa: E402

SOURCES = SAMPLES / "_sources"
TENDERS = ("ndfeb-magnets", "bess-utility", "defence-gallium-germanium", "rare-earth-lots")
# Every generated workbook says it was written at this instant, and so does every entry of its zip archive.
FIXED_TIME = datetime(2027, 1, 4, 9, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


@dataclass(frozen=True)
class Expected:
    """What a sample is there to show; the check fails when the data no longer shows it."""

    winner: str
    close_race_within: float | None = None  # the top two totals at most this many points apart
    flagged_low: dict[str, str] | None = None  # bid stem -> the decision recorded in scores.yaml
    ineligible: dict[str, str] | None = None  # bid stem -> words one of its ineligibility reasons contains


EXPECTED = {
    "ndfeb-magnets": Expected(
        winner="nordic-magnet-works", close_race_within=2.0,
        ineligible={"baltic-magnet-trading": "below its minimum score"}),
    "bess-utility": Expected(
        winner="scaldis-energy-storage",
        flagged_low={"voltaris-energy-storage": "rejected"},
        ineligible={"voltaris-energy-storage": "Abnormally low price rejected"}),
    "defence-gallium-germanium": Expected(
        winner="scheldt-specialty-metals",
        flagged_low={"vistula-strategic-metals": "accepted"},
        ineligible={"orient-minor-metals-europe": "Ultimate controlling entity in China",
                    "lumen-semimetals": "below its minimum score"}),
}
# A tender divided into lots: who wins each lot once the published lot rules are applied (Art. 46(2)).
EXPECTED_AWARD = {
    # Nordvik ranks first in all three lots but may be awarded two: the highest total score gives it lots 1
    # and 3, and lot 2, where its lead is smallest, to Kvarnbo.
    "rare-earth-lots": {1: "Nordvik Rare Earths AS", 2: "Kvarnbo Metals AB", 3: "Nordvik Rare Earths AS"},
}


# --- sources ---------------------------------------------------------------------------------------------

def sources(tender: str) -> dict[str, dict[str, Any]]:
    """The bidders of a tender by bid file stem, in file-name order."""
    return {path.stem: yaml.safe_load(path.read_text("utf-8"))
            for path in sorted((SOURCES / tender).glob("*.yaml"))}


def supply_lines(source: dict[str, Any]) -> tuple[SupplyLine, ...]:
    """The source's supply rows as the scoring library's supply lines."""
    return tuple(SupplyLine(material=row["material"], stage=row["stage"], country=row["country"],
                            share=float(row["share"]), recycled=float(row.get("recycled", 0)),
                            supplier=row.get("supplier", ""), evidence=row.get("evidence", ""))
                 for row in source["supply"])


def submitted_at(source: dict[str, Any]) -> datetime:
    """The receipt time the source records, in UTC."""
    return datetime.fromisoformat(source["submitted_at"].replace("Z", "+00:00")).astimezone(timezone.utc)


def tender_definition(tender: str):
    """(TenderMeta, scoring Tender) of a tender folder's tender.yaml; FolderInvalid if it has problems."""
    data, problems = read_yaml(SAMPLES / tender / "tender.yaml")
    if problems:
        raise InvalidInput(problems)
    return load_tender_definition(data)


def source_problems(tender: str) -> list[str]:
    """Problems of the sources themselves: shares per (material, stage), receipts before the deadline."""
    meta, definition = tender_definition(tender)
    messages = []
    for stem, source in sources(tender).items():
        place = f"_sources/{tender}/{stem}.yaml"
        for number, offer in offers(source).items():
            bill = definition.lot_view(number).bill_of_materials
            declared = validate_declaration(supply_lines(offer if "supply" in offer else source), bill)
            lot = f"lot {number}: " if "lots" in source else ""
            messages += [f"{place}: {lot}{problem}" for problem in declared]
        if submitted_at(source) >= meta.submission_deadline_at:
            messages.append(f"{place}: submitted_at is not before the submission deadline")
    return messages


# --- generation ------------------------------------------------------------------------------------------

def offers(source: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The source's offer by lot number: its `lots` (price, answers and, where the lots' materials differ, its
    own supply rows), or lot 1 for a tender without lots."""
    if "lots" not in source:
        return {1: source}
    return {int(number): offer for number, offer in source["lots"].items()}


def filling(source: dict[str, Any]):
    """What the bidder types into the template: per lot when the source bids by lot."""
    from workbooks import BidFilling, CompanyDetails, LotFilling

    company = CompanyDetails(**source["company"])
    shared = supply_lines(source) if "supply" in source else ()
    if "lots" in source:
        return BidFilling(company=company, supply=shared, lots={
            number: LotFilling(Decimal(str(offer["price"])), dict(offer.get("answers", {})),
                               supply_lines(offer) if "supply" in offer else ())
            for number, offer in offers(source).items()})
    return BidFilling(company=company, price=Decimal(str(source["price"])), answers=dict(source["answers"]),
                      supply=shared)


def deterministic(data: bytes) -> bytes:
    """The same workbook with fixed document times and zip entry times, so equal content gives equal bytes."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(lambda match: match.group(1) + stamp + match.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content, compresslevel=6)
    return buffer.getvalue()


def generate(tender: str) -> list[Path]:
    """Write bids/<stem>.xlsx for every source and receipts.yaml; remove workbooks without a source."""
    from tender_files.bids import tender_info
    from workbooks import build_template, fill_workbook

    meta, definition = tender_definition(tender)
    template = build_template(definition, tender_info(meta))
    bids_dir = SAMPLES / tender / "bids"
    bids_dir.mkdir(exist_ok=True)
    written, receipts = [], {}
    bidders = sources(tender)
    for stem, source in sorted(bidders.items(), key=lambda item: submitted_at(item[1])):
        data = deterministic(fill_workbook(template, filling(source)))
        path = bids_dir / f"{stem}.xlsx"
        path.write_bytes(data)
        written.append(path)
        receipts[stem] = {"submitted_at": submitted_at(source).isoformat(),
                          "sha256": hashlib.sha256(data).hexdigest()}
    for stale in bids_dir.glob("*.xlsx"):
        if stale.stem not in bidders:
            stale.unlink()
    receipts_path = SAMPLES / tender / "receipts.yaml"
    header = ("# Receipt time (UTC) and SHA-256 of each bid workbook, written by sample_tenders/build.py.\n"
              "# A workbook whose bytes no longer match its hash is refused by load_folder.\n")
    receipts_path.write_text(header + yaml.safe_dump(receipts, sort_keys=False), "utf-8")
    return [*written, receipts_path]


# --- checks ----------------------------------------------------------------------------------------------

def workbook_problems(tender: str, workbooks: dict) -> list[str]:
    """Differences between each parsed workbook and its source (what went in must come out)."""
    messages = []
    for stem, source in sources(tender).items():
        place = f"{tender}/bids/{stem}.xlsx"
        parsed = workbooks.get(stem)
        if parsed is None:
            messages.append(f"{place}: missing (run build.py without --check)")
            continue
        for key, value in source["company"].items():
            found = getattr(parsed.company, key)
            if found != value:
                messages.append(f"{place}: company {key} {found!r} read back, source says {value!r}")
        read_back = parsed.lots or {1: parsed}
        if sorted(read_back) != sorted(offers(source)):
            messages.append(f"{place}: lots {sorted(read_back)} read back, source says {sorted(offers(source))}")
            continue
        for number, offer in offers(source).items():
            where = f"{place}, lot {number}" if parsed.lots else place
            messages += _offer_problems(where, read_back[number], offer, offer if "supply" in offer else source)
    return messages


def _offer_problems(place: str, parsed: Any, offer: dict[str, Any], supply_source: dict[str, Any]) -> list[str]:
    """Differences between one offer read back (a ParsedWorkbook or a LotOffer) and its source."""
    messages = []
    if Decimal(str(parsed.price)) != Decimal(str(offer["price"])):
        messages.append(f"{place}: price {parsed.price} read back, source says {offer['price']}")
    answers = {code: (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
               for code, v in offer.get("answers", {}).items()}
    if dict(parsed.answers) != answers:
        messages.append(f"{place}: answers {dict(parsed.answers)} read back, source says {answers}")
    if sorted(map(_line_key, parsed.supply)) != sorted(map(_line_key, supply_lines(supply_source))):
        messages.append(f"{place}: the supply lines read back differ from the source")
    return messages


def _line_key(line: SupplyLine) -> tuple:
    """A supply line's content without its place, for comparing what was written with what was read."""
    return (line.material, line.stage, line.country, line.share, line.recycled, line.supplier, line.evidence)


def story_problems(tender: str, result) -> list[str]:
    """Whether the evaluation still shows what the sample is for."""
    expected = EXPECTED.get(tender)
    if expected is None:
        return []
    messages = []
    ranking = result.ranking("weighted_sum")
    bids = {bid.bid_id: bid for bid in result.bids}
    if not ranking.order or ranking.order[0] != expected.winner:
        messages.append(f"{tender}: expected {expected.winner} to win, got {ranking.order[:1]}")
    if expected.close_race_within is not None and len(ranking.order) > 1:
        gap = bids[ranking.order[0]].total - bids[ranking.order[1]].total
        if gap > expected.close_race_within:
            messages.append(f"{tender}: the top two are {gap:.2f} points apart, "
                            f"not within {expected.close_race_within}")
    for stem, decision in (expected.flagged_low or {}).items():
        flag = bids[stem].abnormal
        if not flag.is_flagged or flag.decision != decision:
            messages.append(f"{tender}: expected {stem} flagged abnormally low and {decision}, "
                            f"got flagged={flag.is_flagged} decision={flag.decision}")
    for stem, words in (expected.ineligible or {}).items():
        if bids[stem].is_eligible or not any(words in reason for reason in bids[stem].reasons):
            messages.append(f"{tender}: expected {stem} ineligible ({words}), got {bids[stem].reasons}")
    return messages


def check(tender: str) -> list[str]:
    """Every problem of one tender folder, after printing its evaluation."""
    from tender_files.bids import read_bids

    messages = source_problems(tender)
    try:
        folder = load_folder(SAMPLES / tender)
        workbooks = read_bids(folder)
        messages += workbook_problems(tender, workbooks)
        print(f"\n{tender} ({folder.meta.reference}): {len(folder.bids)} bids")
        if folder.tender.lots:
            return messages + _lots_story(tender, folder, workbooks)
        return messages + story_problems(tender, _evaluated(folder.tender, evaluate_folder(folder, workbooks)))
    except InvalidInput as error:
        return messages + [f"{tender}: {problem}" for problem in error.problems]


def evaluate_folder(folder, workbooks):
    """The folder's evaluation as the application computes it (imported here: build.py runs without the app)."""
    from app.records.evaluation import evaluate_folder as evaluate
    return evaluate(folder, workbooks)


def _evaluated(tender, result):
    """Prints one evaluation (a tender's or a lot's) with its sensitivity; gives the result back."""
    from scoring.sensitivity import analyse_sensitivity

    for bid in result.bids:
        status = f"rank {bid.rank}" if bid.is_eligible else "ineligible: " + "; ".join(bid.reasons)[:140]
        flag = f"  [abnormally low, {bid.abnormal.decision or 'no decision'}]" if bid.abnormal.is_flagged else ""
        print(f"  {bid.bid_id:<30} {bid.price or 0:>12,.0f} {bid.total:7.2f}  {status}{flag}")
    for ranking in result.rankings:
        if not ranking.is_binding:
            print(f"  informational {ranking.method} ranking: {', '.join(ranking.order)}")
    print(f"  {analyse_sensitivity(tender, result).summary}")
    return result


def _lots_story(tender: str, folder, workbooks) -> list[str]:
    """Evaluates each lot, prints it, and checks the award across lots against EXPECTED_AWARD."""
    from app.records.evaluation import folder_lot_bids
    from scoring.lot_evaluation import evaluate_lots

    evaluation = evaluate_lots(folder.tender, folder_lot_bids(folder, workbooks))
    for lot in evaluation.lots:
        print(f" lot {lot.number}: {lot.title}")
        _evaluated(folder.tender.lot_view(lot.number), lot.result)
    print(f"  {evaluation.award.explanation}")
    winners = evaluation.award.winners()
    expected = EXPECTED_AWARD.get(tender, winners)
    return [] if winners == expected else [f"{tender}: expected the award {expected}, got {winners}"]


def main(argv: list[str] | None = None) -> int:
    """Generate (unless --check) and check the sample tenders; 0 when everything holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the folders on disk")
    parser.add_argument("tenders", nargs="*", default=list(TENDERS), help="tender folders (default: all)")
    args = parser.parse_args(argv)
    problems = []
    for tender in args.tenders:
        if not args.check:
            found = source_problems(tender)
            if found:
                problems += found
                continue
            paths = generate(tender)
            print(f"{tender}: wrote {len(paths) - 1} workbooks and receipts.yaml")
        problems += check(tender)
    for message in problems:
        print(message, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
