"""The results page's table: one page of bids, sorted on the server, so a page shows 50 rows whatever the bid count."""
from __future__ import annotations

from dataclasses import dataclass

from scoring.result import BidResult, EvaluationResult

PAGE_SIZE = 50
# Sort orders the table offers, by their name in the address; "rank" is the binding ranking's order.
SORTS = {
    "rank": None,
    "bidder": lambda bid: (bid.bidder.casefold(), bid.bid_id),
    "price": lambda bid: (bid.price is None, bid.price or 0.0, bid.bid_id),
    "total": lambda bid: (-(bid.total or 0.0), bid.bid_id),
}


@dataclass(frozen=True)
class TablePage:
    """The bids one page shows, where they stand in the whole list, and the order it is sorted in."""

    bids: tuple[BidResult, ...]
    number: int  # 1-based
    count: int  # pages in all
    first: int  # position of the page's first bid in the whole list, 1-based (0 when there are none)
    total: int  # bids in all
    sort: str
    size: int  # bids a full page shows

    @property
    def last(self) -> int:
        return self.first + len(self.bids) - 1 if self.bids else 0


def table_page(result: EvaluationResult, sort: str | None, number: int | None) -> TablePage:
    """Page `number` of the bids sorted by `sort`; an unknown sort reads as rank and a page out of range as the
    nearest one, so an edited address still shows a table."""
    sort = sort if sort in SORTS else "rank"
    key = SORTS[sort]
    ordered = list(result.bids) if key is None else sorted(result.bids, key=key)
    size = PAGE_SIZE
    count = max(1, -(-len(ordered) // size))
    number = min(max(number or 1, 1), count)
    start = (number - 1) * size
    shown = tuple(ordered[start:start + size])
    return TablePage(shown, number, count, start + 1 if shown else 0, len(ordered), sort, size)
