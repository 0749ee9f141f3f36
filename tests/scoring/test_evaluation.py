"""evaluate() on hand-computed examples: points, weighted points, subtotals, totals, ranks, JSON."""

import json

import pytest

from scoring import EvaluationResult, InvalidInput, Judgement, Resolution, evaluate
from tests.scoring.builders import consensus, dy, make_bid, make_simple_tender, make_tender


@pytest.fixture
def magnet_bids():
    return [
        make_bid("A", 100_000, answers={"RES-EOL": True, "RES-RCY": 10}, supply=dy(("CN", 100)),
                 judgements={"QUAL": consensus(4)}),
        make_bid("B", 80_000, answers={"RES-EOL": False, "RES-RCY": 20}, supply=dy(("EE", 60), ("CN", 40)),
                 judgements={"QUAL": consensus(3)}),
        make_bid("C", 120_000, answers={"RES-EOL": True, "RES-RCY": 0}, supply=dy(("CN", 70), ("MY", 30)),
                 judgements={"QUAL": consensus(5)}),
    ]


def test_hand_computed_magnet_tender(magnet_bids):
    result = evaluate(make_tender(), magnet_bids)
    # Effective weights: PRICE 40; RES 45 x (50, 20, 30)% = 22.5, 9, 13.5; QUAL 15. Pmin = 80,000.
    # A: price 100 x 80/100 = 80 -> 32; Dy largest third-country share 100 -> 0; EOL yes -> 9;
    #    recycled 10 -> 50 -> 6.75; judgement 4/5 -> 12. Total 59.75.
    # B: price 100 -> 40; Dy 40 (<= 50) -> 100 -> 22.5; EOL no -> 0; recycled 20 -> 13.5; 3/5 -> 9. Total 85.
    # C: price 100 x 80/120 -> 26.667; Dy 70 -> 100 - 100 x 20/50 = 60 -> 13.5; EOL yes 9; recycled 0 -> 0;
    #    5/5 -> 15. Total 64.1667.
    a, b, c = result.bid("A"), result.bid("B"), result.bid("C")
    assert [c.weighted for c in a.criteria] == pytest.approx([32, 0, 9, 6.75, 12])
    assert [c.points for c in a.criteria] == pytest.approx([80, 0, 100, 50, 4])
    assert a.criterion("RES-DY-REF").value == 100
    assert (a.total, b.total, c.total) == pytest.approx((59.75, 85, 64.1666667))
    assert result.bid("C").criterion("RES-DY-REF").points == pytest.approx(60)
    assert [g.weighted for g in a.groups] == pytest.approx([15.75])  # RES: 0 + 9 + 6.75
    assert result.binding.order == ("B", "C", "A")
    assert [r.rank for r in result.bids] == [1, 2, 3]
    assert result.winner.bid_id == "B"
    assert (result.price_range.lowest, result.price_range.highest) == (80_000, 120_000)
    assert result.max_total == 100 and result.is_final
    assert result.bid("A").quality_total == pytest.approx(27.75)  # everything but price


def test_result_survives_a_json_round_trip(magnet_bids):
    result = evaluate(make_tender(), magnet_bids)
    text = json.dumps(result.to_dict(), allow_nan=False)
    assert EvaluationResult.from_dict(json.loads(text)) == result


class TestMissingAnswers:
    def test_missing_answer_is_missing_not_zero(self):
        result = evaluate(make_simple_tender(), [make_bid("A", answers={"RCY": 10}), make_bid("B", answers={
            "EOL": True, "RCY": 20})])
        a = result.bid("A")
        eol = a.criterion("EOL")
        assert (eol.status, eol.points, eol.weighted) == ("missing", None, None)
        assert eol.note == "no answer: needs the officer's resolution"
        # total is a lower bound: 60 (price) + 7.5 (RCY 10/20 x 15) = 67.5; at most + 25 for EOL
        assert a.total == pytest.approx(67.5) and a.provisional_max == pytest.approx(92.5)
        assert a.is_provisional and a.needs_resolution == ("EOL",)
        assert [(m.bid_id, m.code, m.path) for m in result.needs_resolution] == [("A", "EOL", "EU recycling")]
        assert not result.is_final

    def test_resolution_fills_the_missing_answer(self):
        resolution = Resolution("minimum", "no declaration submitted; clarification not answered")
        result = evaluate(make_simple_tender(), [make_bid("A", answers={"RCY": 10}, resolutions={"EOL": resolution})])
        eol = result.bid("A").criterion("EOL")
        assert (eol.status, eol.points, eol.weighted) == ("resolved", 0, 0)
        assert eol.note == ("no answer: scored at the rule's minimum: no declaration submitted; "
                            "clarification not answered")
        assert result.is_final

    def test_nothing_declared_for_a_metric_is_missing(self):
        result = evaluate(make_tender(), [make_bid("A", answers={"RES-EOL": True, "RES-RCY": 5},
                                                   judgements={"QUAL": consensus(3)})])
        dy_result = result.bid("A").criterion("RES-DY-REF")
        assert (dy_result.status, dy_result.points) == ("missing", None)
        assert dy_result.note == "no supply chain declared: needs the officer's resolution"

    def test_judgement_without_scores_is_missing(self):
        result = evaluate(make_tender(), [make_bid("A", answers={"RES-EOL": True, "RES-RCY": 5},
                                                   supply=dy(("FR", 100)))])
        assert result.bid("A").criterion("QUAL").note == "no committee score yet"
        assert result.bid("A").needs_resolution == ("QUAL",)

    def test_resolution_of_an_answered_criterion_is_ignored_with_a_notice(self):
        bid = make_bid("A", answers={"EOL": True, "RCY": 1}, resolutions={"EOL": Resolution("minimum", "typo")})
        result = evaluate(make_simple_tender(), [bid])
        assert result.bid("A").criterion("EOL").points == 100
        expected = ["bids[A].resolutions.EOL: ignored: the bid answered this criterion"]
        assert [str(p) for p in result.problems] == expected


def test_judgement_median_and_disagreement_flag():
    scores = Judgement({"anna": (1, "thin"), "ben": (4, "solid"), "carl": (5, "excellent")})
    result = evaluate(make_tender(), [make_bid("A", answers={"RES-EOL": True, "RES-RCY": 5}, supply=dy(("FR", 100)),
                                               judgements={"QUAL": scores})])
    qual = result.bid("A").criterion("QUAL")
    # no consensus: median of 1, 4, 5 = 4 -> 4/5 x 15 = 12; spread 4 >= 30% of 5 -> flagged
    assert (qual.points, qual.weighted, qual.is_disagreement) == (4, pytest.approx(12), True)
    assert qual.note == "median of 3 evaluators (1, 4, 5)"


def test_points_weighting_totals_out_of_the_sum_of_max_points():
    data = make_simple_tender().to_dict()
    data["weighting"] = "points"
    for node, points in zip(data["criteria"], (50, 20, 10)):
        node["max_points"] = points
        del node["weight"]
    from scoring import parse_tender
    result = evaluate(parse_tender(data), [make_bid("A", 100, answers={"EOL": True, "RCY": 10}),
                                           make_bid("B", 200, answers={"EOL": False, "RCY": 20})])
    # A: 50 + 20 + 10 x 10/20 = 75; B: 50 x 100/200 = 25, + 0 + 10 = 35 (out of 80)
    assert result.max_total == 80
    assert (result.bid("A").total, result.bid("B").total) == pytest.approx((75, 35))


def test_bad_bid_data_lists_every_problem_with_its_place():
    bids = [
        make_bid("A", answers={"EOL": "yes", "RCY": True}, control_country="Germany",
                 resolutions={"RCY": Resolution("minimum", ""), "NOPE": Resolution("minimum", "x")},
                 judgements={"EOL": Judgement({"anna": (3, "")})}),
        make_bid("A"),
    ]
    with pytest.raises(InvalidInput) as error:
        evaluate(make_simple_tender(), bids)
    assert [str(p) for p in error.value.problems] == [
        "bids: bid id 'A' is used 2 times",
        "bids[A].control_country: 'Germany' is not an ISO 3166-1 alpha-2 code such as DE",
        "bids[A].answers.EOL: expected yes or no (true/false), got 'yes'",
        "bids[A].answers.RCY: expected a number, got True",
        "bids[A].judgements.EOL: no judgement criterion has this code",
        "bids[A].resolutions.RCY.reason: a resolution needs a reason",
        "bids[A].resolutions.NOPE: no criterion has this code",
    ]


def test_judgement_scores_need_levels_and_justifications():
    bid = make_bid("A", answers={"RES-EOL": True, "RES-RCY": 1}, supply=dy(("FR", 100)),
                   judgements={"QUAL": Judgement({"anna": (6, "too good"), "ben": (2, " ")}, (2.5, "middle"))})
    with pytest.raises(InvalidInput) as error:
        evaluate(make_tender(), [bid])
    assert [str(p) for p in error.value.problems] == [
        "bids[A].judgements.QUAL.scores.anna: expected a whole score from 0 to 5, got 6",
        "bids[A].judgements.QUAL.scores.ben: every score needs a written justification",
        "bids[A].judgements.QUAL.consensus: expected a whole score from 0 to 5, got 2.5",
    ]


def test_invalid_supply_declaration_is_placed_at_the_bid():
    bid = make_bid("A", answers={"RES-EOL": True, "RES-RCY": 1}, supply=dy(("FR", 60)),
                   judgements={"QUAL": consensus(3)})
    with pytest.raises(InvalidInput) as error:
        evaluate(make_tender(), [bid])
    assert all(str(p).startswith("bids[A] ") for p in error.value.problems)


def test_a_parsed_tender_is_not_validated_again_but_a_hand_changed_one_is(monkeypatch, magnet_bids):
    import dataclasses

    from scoring import evaluation
    checks = []
    validate_tree = evaluation.validate_tree
    monkeypatch.setattr(evaluation, "validate_tree", lambda *args: checks.append(args) or validate_tree(*args))
    tender = make_tender()
    evaluate(tender, magnet_bids)
    assert checks == []  # parse_tender checked this tree already
    price, *others = tender.criteria
    unbalanced = dataclasses.replace(tender, criteria=(dataclasses.replace(price, weight=price.weight / 2), *others))
    with pytest.raises(InvalidInput) as error:
        evaluate(unbalanced, magnet_bids)
    assert len(checks) == 1
    assert any("weights sum to" in problem.message for problem in error.value.problems), error.value.problems
