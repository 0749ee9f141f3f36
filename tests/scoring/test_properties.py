"""Properties that must hold for any bids (hypothesis)."""

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import EvaluationResult, evaluate, parse_tender
from scoring.reweighting import rescaled
from scoring.rules.price import PRICE_RULES
from tests.scoring.builders import make_bid, simple_tender_dict

PRICE_KINDS = [rule.kind for rule in PRICE_RULES]
FAST = settings(max_examples=40, deadline=None)

prices = st.floats(min_value=1, max_value=1e7, allow_nan=False)
answers = st.fixed_dictionaries({}, optional={"EOL": st.booleans(), "RCY": st.floats(-50, 150, allow_nan=False)})


@st.composite
def tenders(draw):
    kind = draw(st.sampled_from(PRICE_KINDS))
    rule = {"kind": kind}
    if kind == "price_preset_range":
        rule.update(pset_min=1_000, pset_max=5_000_000)
    if kind == "price_log":
        rule["a"] = draw(st.sampled_from([1.5, 2, 3]))
    data = simple_tender_dict()
    data["criteria"][0]["rule"] = rule
    return parse_tender(data)


@st.composite
def bid_lists(draw, min_size=1):
    size = draw(st.integers(min_size, 6))
    return [make_bid(f"B{i}", draw(prices), minutes=draw(st.integers(0, 3)), answers=draw(answers))
            for i in range(size)]


@FAST
@given(tenders(), bid_lists(), st.randoms(use_true_random=False))
def test_the_order_of_bids_does_not_change_results(tender, bids, random):
    shuffled = list(bids)
    random.shuffle(shuffled)
    assert evaluate(tender, shuffled) == evaluate(tender, bids)


@FAST
@given(tenders(), bid_lists(), st.data())
def test_lowering_a_price_never_lowers_its_price_points(tender, bids, data):
    index = data.draw(st.integers(0, len(bids) - 1))
    factor = data.draw(st.floats(0.01, 1))
    before = evaluate(tender, bids).bid(bids[index].id).criterion("PRICE").points
    lowered = list(bids)
    lowered[index] = make_bid(bids[index].id, bids[index].price * factor, answers=bids[index].answers)
    after = evaluate(tender, lowered).bid(bids[index].id).criterion("PRICE").points
    assert after >= before - 1e-9


@FAST
@given(tenders(), bid_lists())
def test_points_stay_within_zero_and_max_and_totals_add_up(tender, bids):
    result = evaluate(tender, bids)
    for bid in result.bids:
        scored = [c for c in bid.criteria if c.points is not None]
        assert all(0 <= c.points <= c.max_points for c in scored)
        assert all(0 <= c.weighted <= c.max_weighted + 1e-9 for c in scored)
        assert math.isclose(bid.total, math.fsum(c.weighted for c in scored), abs_tol=1e-9)
        assert 0 <= bid.total <= bid.provisional_max <= result.max_total + 1e-9


@FAST
@given(tenders(), bid_lists(min_size=0))
def test_results_round_trip_through_json(tender, bids):
    result = evaluate(tender, bids)
    assert EvaluationResult.from_dict(json.loads(json.dumps(result.to_dict(), allow_nan=False))) == result


@FAST
@given(tenders(), bid_lists())
def test_ranks_follow_totals(tender, bids):
    result = evaluate(tender, bids)
    ranked = [result.bid(bid_id) for bid_id in result.binding.order]
    assert all(a.total >= b.total - 1e-9 for a, b in zip(ranked, ranked[1:]))
    assert all(not b.is_eligible for b in result.bids if b.rank is None)


@given(st.lists(st.floats(0.1, 100), min_size=2, max_size=8), st.data())
def test_rescaled_weights_sum_to_100(raw, data):
    shares = [100 * r / sum(raw) for r in raw]
    index = data.draw(st.integers(0, len(shares) - 1))
    value = data.draw(st.floats(0, 100))
    new = rescaled(shares, index, value)
    assert math.isclose(sum(new), 100, abs_tol=1e-9) and new[index] == value
    assert all(share >= 0 for share in new)
