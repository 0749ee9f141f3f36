"""Contract performance (Directive 2014/24/EU Art. 70): conditions parsed and placed, a period computed by hand.

The tender: bill of materials Nd 3 kg, Dy 1 kg; RES-DY reads the largest third-country share in Dy refining
(linear, 50% or less 100 points, 100% none); RES-RCY the mass-weighted recycled share at magnet making
(linear, 0% none, 20% or more 100 points). Conditions: both bind, tolerance 2 metric points, 1,000 EUR per
point below the commitment.

Bid (the winner): Dy refining CN 60, EE 40 -> 60%, 100 - (60 - 50) x 2 = 80 points;
magnet making Nd recycled 20, Dy recycled 0 -> (3 x 20 + 1 x 0) / 4 = 15%, 15 x 5 = 75 points.
Commitments: RES-DY 60% (80 points), RES-RCY 15% (75 points).

Year 1 report: Dy refining CN 61, EE 39 -> 61%: 1 point worse, within the tolerance of 2, 78 points, no amount;
magnet making Nd recycled 14, Dy 0 -> (3 x 14) / 4 = 10.5%: 4.5 points below 15, beyond 2, 52.5 points,
4.5 x 1,000 = 4,500 EUR. The period's amount: 4,500 EUR.
With the tolerance in criterion points (10 points, 100 EUR a point): RES-DY 80 - 78 = 2 points, within;
RES-RCY 75 - 52.5 = 22.5 points, beyond: 22.5 x 100 = 2,250 EUR.
"""

from datetime import date

import pytest

from scoring import Bid, SupplyLine, evaluate, parse_tender
from scoring.performance import (
    CallOffPeriod,
    Commitment,
    PeriodAssessment,
    assess_period,
    call_off_periods,
    commitments,
    termination_count,
    yearly_period,
)
from scoring.performance_conditions import stored_performance
from scoring.problems import InvalidInput

CONDITIONS = {"binding": ["RES-DY", "RES-RCY"], "tolerance": {"value": 2, "unit": "metric"},
              "reporting": {"period": "yearly", "periods": 3, "report_within_days": 60},
              "consequences": {"remedy_plan_days": 30, "amount_per_point": 1000, "termination_after": 2}}


def tender_dict(**conditions) -> dict:
    return {
        "reference": "RB-PERF", "title": "Magnets", "bill_of_materials": {"Nd": 3, "Dy": 1},
        "criteria": [
            {"code": "PRICE", "name": "Price", "type": "price", "weight": 50, "rule": {"kind": "price_proportional"}},
            {"code": "RES-DY", "name": "Dy refining", "weight": 25,
             "source": {"metric": "largest_third_country_share", "stage": "processing", "material": "Dy"},
             "rule": {"kind": "linear", "better": "lower", "anchors": [[50, 100], [100, 0]]}},
            {"code": "RES-RCY", "name": "Recycled content", "weight": 25,
             "source": {"metric": "recycled_share", "stage": "manufacturing"},
             "rule": {"kind": "linear", "better": "higher", "anchors": [[0, 0], [20, 100]]}},
        ],
        "contract_performance": {**CONDITIONS, **conditions},
    }


def supply(dy_cn: float, nd_recycled: float, dy_recycled: float = 0.0, with_dy_magnets: bool = True):
    lines = [SupplyLine("Dy", "processing", "CN", dy_cn), SupplyLine("Dy", "processing", "EE", 100 - dy_cn),
             SupplyLine("Nd", "manufacturing", "DE", 100, nd_recycled)]
    if with_dy_magnets:
        lines.append(SupplyLine("Dy", "manufacturing", "DE", 100, dy_recycled))
    return tuple(lines)


def promised(tender) -> tuple[Commitment, ...]:
    result = evaluate(tender, [Bid("B1", "Magnetica", 1000.0, supply=supply(60, 20))])
    return commitments(tender, result.bids[0])


def test_commitments_are_the_winners_scored_values():
    found = promised(parse_tender(tender_dict()))
    assert [(c.code, c.value, c.points) for c in found] == [("RES-DY", 60.0, 80.0), ("RES-RCY", 15.0, 75.0)]


def test_a_period_computed_by_hand():
    tender = parse_tender(tender_dict())
    assessment = assess_period(tender, promised(tender), supply(61, 14))
    dy, rcy = assessment.deliveries
    assert (dy.value, dy.points, dy.shortfall, dy.is_beyond_tolerance, dy.amount) == (61.0, 78.0, 1.0, False, None)
    assert (rcy.value, rcy.points, rcy.shortfall, rcy.is_beyond_tolerance, rcy.amount) == (10.5, 52.5, 4.5, True,
                                                                                           4500.0)
    assert assessment.shortfalls == (rcy,)
    assert assessment.amount == 4500.0
    assert PeriodAssessment.from_dict(assessment.to_dict()) == assessment


def test_tolerance_in_criterion_points():
    tender = parse_tender(tender_dict(tolerance={"value": 10, "unit": "points"},
                                      consequences={"amount_per_point": 100}))
    dy, rcy = assess_period(tender, promised(tender), supply(61, 14)).deliveries
    assert (dy.shortfall, dy.is_beyond_tolerance) == (2.0, False)
    assert (rcy.shortfall, rcy.is_beyond_tolerance, rcy.amount) == (22.5, True, 2250.0)


def test_delivery_better_than_committed_is_no_shortfall():
    tender = parse_tender(tender_dict())
    assessment = assess_period(tender, promised(tender), supply(50, 24))
    assert [d.shortfall for d in assessment.deliveries] == [0.0, 0.0]
    assert assessment.shortfalls == () and assessment.amount is None


def test_a_committed_material_left_undeclared_is_flagged_without_an_amount():
    tender = parse_tender(tender_dict())
    rcy = assess_period(tender, promised(tender), supply(60, 20, with_dy_magnets=False)).deliveries[1]
    assert (rcy.value, rcy.points, rcy.shortfall, rcy.is_beyond_tolerance, rcy.amount) == (None, 0.0, None, True,
                                                                                           None)


def test_a_report_is_checked_like_a_bid():
    tender = parse_tender(tender_dict())
    bad = (SupplyLine("Dy", "processing", "CN", 70, place="Supply chain!D7"),)
    with pytest.raises(InvalidInput) as error:
        assess_period(tender, promised(tender), bad)
    assert [problem.place for problem in error.value.problems] == ["Dysprosium / processing"]


def test_yearly_periods():
    assert yearly_period(date(2024, 2, 29), 2, 60) == (date(2025, 2, 28), date(2026, 2, 27), date(2026, 4, 28))


def test_conditions_round_trip():
    tender = parse_tender(tender_dict())
    assert parse_tender(tender.to_dict()) == tender


def test_stored_conditions_read_as_published_and_a_damaged_copy_is_an_error_not_none():
    stored = parse_tender(tender_dict()).contract_performance.to_dict()
    assert stored_performance(stored) == parse_tender(tender_dict()).contract_performance
    with pytest.raises(ValueError, match="tolerance"):
        stored_performance({**stored, "tolerance": {"value": -1, "unit": "metric"}})


@pytest.mark.parametrize(("change", "place"), [
    ({"tolerance": {"value": -1, "unit": "metric"}}, "contract_performance.tolerance.value"),
    ({"tolerance": {"value": 1, "unit": "euro"}}, "contract_performance.tolerance.unit"),
    ({"tolerance": 2}, "contract_performance.tolerance"),
    ({"binding": ["PRICE"]}, "contract_performance.binding[0]"),
    ({"binding": []}, "contract_performance.binding"),
    ({"reporting": {"period": "monthly", "report_within_days": 30}}, "contract_performance.reporting.period"),
    ({"reporting": {"period": "yearly", "report_within_days": 30}}, "contract_performance.reporting.periods"),
    ({"reporting": {"period": "call_off", "periods": 2, "report_within_days": 30}},
     "contract_performance.reporting.periods"),
    ({"consequences": {"amount_per_point": 0}}, "contract_performance.consequences.amount_per_point"),
    ({"consequences": {"termination_after": 1.5}}, "contract_performance.consequences.termination_after"),
    ({"penalty": 3}, "contract_performance.penalty"),
])
def test_bad_conditions_are_placed(change, place):
    with pytest.raises(InvalidInput) as error:
        parse_tender(tender_dict(**change))
    assert place in [problem.place for problem in error.value.problems]


def test_call_offs_are_numbered_in_order_of_date_each_due_after_its_day():
    # 1 Feb 2027 + 30 days = 3 Mar 2027; 10 Mar 2027 + 30 days = 9 Apr 2027
    days = [date(2027, 3, 10), date(2027, 2, 1), date(2027, 3, 10)]
    assert call_off_periods(days, 30) == (CallOffPeriod(1, 1, date(2027, 2, 1), date(2027, 3, 3)),
                                          CallOffPeriod(2, 0, date(2027, 3, 10), date(2027, 4, 9)),
                                          CallOffPeriod(3, 2, date(2027, 3, 10), date(2027, 4, 9)))
    assert call_off_periods([], 30) == ()
    # across a month's and a year's end: 20 Dec 2027 + 60 days = 18 Feb 2028
    assert call_off_periods([date(2027, 12, 20)], 60)[0].due == date(2028, 2, 18)


def test_the_termination_count_by_hand():
    # Commitments RES-DY 60%, RES-RCY 15%; tolerance 2 metric points; termination after 2 periods with a shortfall.
    # Period 1: Dy CN 61% (1 point worse, within 2), Nd recycled 14 -> (3 x 14 + 1 x 0) / 4 = 10.5%: 4.5 below 15,
    # beyond -> a period with a shortfall.
    # Period 2: Dy CN 50%, Nd recycled 24 -> 18%: better than both commitments -> none.
    # Period 3: Dy CN 63% (3 points worse, beyond 2), Nd recycled 20 -> 15%, met -> a period with a shortfall.
    # Period 4: the Dy magnet-making line left out: recycled share not measurable, flagged -> a period with a shortfall.
    # After periods 1 and 2: 1 of 2, the right not open; after period 3: periods 1 and 3, 2 of 2: open.
    tender = parse_tender(tender_dict())
    values = promised(tender)
    reports = {1: supply(61, 14), 2: supply(50, 24), 3: supply(63, 20), 4: supply(60, 20, with_dy_magnets=False)}
    assessments = {number: assess_period(tender, values, lines) for number, lines in reports.items()}
    assert [bool(assessments[number].shortfalls) for number in (1, 2, 3, 4)] == [True, False, True, True]
    conditions = tender.contract_performance
    so_far = termination_count(conditions, {number: assessments[number] for number in (2, 1)})
    assert (so_far.periods, so_far.after, so_far.is_open) == ((1,), 2, False)
    reached = termination_count(conditions, {number: assessments[number] for number in (1, 2, 3)})
    assert (reached.periods, reached.is_open) == ((1, 3), True)
    assert termination_count(conditions, assessments).periods == (1, 3, 4)
    assert termination_count(conditions, {}).periods == ()


def test_no_termination_clause_never_opens():
    tender = parse_tender(tender_dict(consequences={"remedy_plan_days": 30}))
    assessments = {number: assess_period(tender, promised(tender), supply(61, 14)) for number in (1, 2, 3)}
    count = termination_count(tender.contract_performance, assessments)
    assert (count.periods, count.after, count.is_open) == ((1, 2, 3), None, False)
