"""What the flag on published facilities compares a bid with: the other live bids' lines at the facilities' material
and stage (scoring.plausibility.facility_stages).

The committee opens bid after bid of the same tender, and each page compares its bid with all the others: read for
every page, a 500-bid tender's lines at one stage took half the page's time. They are read once per version of the
tender's evaluation inputs (which every submission, withdrawal and decision changes) and kept in the worker.
"""
from __future__ import annotations

from collections.abc import Collection

from app.models import Bid, Tender
from app.records.evaluation import lines_at_stages
from app.records.memo import app_memo
from app.records.stored_results import inputs_key
from scoring.bids import Bid as ScoringBid

KEPT = 16  # versions (of a tender, lot and stages) each worker keeps


def facility_claims(tender: Tender, bid: Bid, stages: Collection[tuple[str, str]], lot: int | None = None
                    ) -> list[ScoringBid]:
    """The tender's other live bids (for one lot) with only their lines at these (material, stage) with a share;
    no statement without stages, the version's alone once this worker has read that version's lines."""
    if not stages:
        return []
    kept = app_memo("resbid.facility_claims", KEPT)
    key = (inputs_key(tender), lot, frozenset(stages))
    claims = kept.get_or_build(key, lambda: lines_at_stages(tender, stages, lot))
    return [claim for bid_id, claim in claims if bid_id != bid.id]
