"""Ties are settled by the published chain, with explanations; lots are a seeded, repeatable draw."""

import pytest

from scoring import evaluate, parse_tender
from scoring.ranking import draw_key
from tests.scoring.builders import make_bid, make_simple_tender, simple_tender_dict

ANSWERS = {"EOL": True, "RCY": 20}


def test_identical_bids_go_to_the_earlier_submission():
    result = evaluate(make_simple_tender(), [make_bid("A", minutes=5, answers=ANSWERS),
                                             make_bid("B", minutes=1, answers=ANSWERS)])
    assert result.binding.order == ("B", "A") and result.binding.positions == (1, 2)
    tie = result.binding.tie_breaks[0]
    assert tie.decided_by == ("submitted_at",)
    assert tie.explanation == (
        "Bids A, B tied on 100 points. Decided by the earlier submission (A 2026-03-01T10:05:00+00:00, "
        "B 2026-03-01T10:01:00+00:00): B before A.")


def test_higher_quality_first():
    # A: price 100 -> 60 + EOL 0 + RCY 20 -> 15 = 75 (quality 15)
    # B: price 150 -> 60 x 100/150 = 40 + EOL 25 + RCY 13.333 -> 10 = 75 (quality 35)
    tender = make_simple_tender()
    result = evaluate(tender, [make_bid("A", 100, answers={"EOL": False, "RCY": 20}),
                               make_bid("B", 150, answers={"EOL": True, "RCY": 40 / 3})])
    assert result.bid("A").total == pytest.approx(result.bid("B").total)
    assert result.binding.order == ("B", "A")
    assert result.binding.tie_breaks[0].decided_by == ("quality",)


def test_lots_are_a_deterministic_draw_seeded_by_the_reference():
    bids = [make_bid(bid_id, answers=ANSWERS) for bid_id in ("A", "B", "C")]
    result = evaluate(make_simple_tender(), bids)
    expected = tuple(sorted("ABC", key=lambda b: draw_key("RB-SIMPLE", b)))
    assert result.binding.order == expected
    tie = result.binding.tie_breaks[0]
    assert tie.decided_by == ("lots",) and tie.seed == "RB-SIMPLE"
    assert "seeded by the tender reference 'RB-SIMPLE'" in tie.explanation
    assert tie.explanation.endswith(f"{' before '.join(expected)}.")
    assert evaluate(make_simple_tender(), list(reversed(bids))) == result  # input order does not matter
    other = evaluate(make_simple_tender(reference="RB-OTHER"), bids)
    assert other.binding.tie_breaks[0].seed == "RB-OTHER"


def test_a_chain_without_lots_can_leave_a_shared_rank():
    tender = parse_tender(simple_tender_dict(tie_break=["price"]))
    result = evaluate(tender, [make_bid("A", answers=ANSWERS), make_bid("B", answers=ANSWERS),
                               make_bid("C", 200_000, answers=ANSWERS)])
    assert result.binding.positions == (1, 1, 3)
    assert [result.bid(b).rank for b in "ABC"] == [1, 1, 3]
    assert result.binding.tie_breaks[0].explanation == (
        "Bids A, B tied on 100 points. A, B remain tied: the published tie-break chain does not separate them, "
        "so they share a rank.")


def test_partly_separated_tie_then_lots():
    # A and B same price and time; C later: submitted_at puts A, B before C, lots decide A vs B
    bids = [make_bid("A", answers=ANSWERS), make_bid("B", answers=ANSWERS), make_bid("C", minutes=3, answers=ANSWERS)]
    result = evaluate(make_simple_tender(), bids)
    assert result.binding.order[2] == "C"
    assert result.binding.tie_breaks[0].decided_by == ("submitted_at", "lots")


def test_lower_price_decides_when_price_is_not_scored():
    # a quality-only tender (fixed price): equal totals and quality, so the chain's price step decides
    tender = parse_tender(simple_tender_dict(criteria=[
        {"code": "EOL", "name": "EU recycling", "weight": 50, "rule": {"kind": "yes_no"}},
        {"code": "RCY", "name": "Recycled content", "weight": 50,
         "rule": {"kind": "threshold", "threshold": 10, "better": "higher"}}]))
    result = evaluate(tender, [make_bid("A", 200, answers=ANSWERS), make_bid("B", 100, answers=ANSWERS),
                               make_bid("C", None, answers=ANSWERS)])
    assert result.binding.order == ("B", "A", "C")  # no price sorts last; a price is not required here
    assert result.binding.tie_breaks[0].decided_by == ("price",)
    assert result.bid("C").is_eligible
