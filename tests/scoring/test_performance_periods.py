"""Reporting periods per call-off and the termination count (scoring/performance.py), computed by hand.

The tender and the winner are test_performance.py's: commitments RES-DY 60% largest third-country share in Dy
refining, RES-RCY 15% recycled feedstock at magnet making; tolerance 2 metric points; termination after 2
periods with a shortfall beyond the tolerance.

Period 1: Dy CN 61% (1 point worse, within 2), Nd recycled 14 -> (3 x 14 + 1 x 0) / 4 = 10.5%: 4.5 below 15,
beyond -> a period with a shortfall.
Period 2: Dy CN 50%, Nd recycled 24 -> 18%: better than both commitments -> none.
Period 3: Dy CN 63% (3 points worse, beyond 2), Nd recycled 20 -> 15%, met -> a period with a shortfall.
Period 4: the Dy magnet-making line left out: recycled share not measurable, flagged -> a period with a shortfall.
After periods 1 and 2: 1 of 2, the right not open; after period 3: periods 1 and 3, 2 of 2: open.
"""

from datetime import date

from scoring import parse_tender
from scoring.performance import CallOffPeriod, assess_period, call_off_periods, termination_count
from tests.scoring.test_performance import promised, supply, tender_dict


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
    tender = parse_tender(tender_dict())
    commitments = promised(tender)
    reports = {1: supply(61, 14), 2: supply(50, 24), 3: supply(63, 20), 4: supply(60, 20, with_dy_magnets=False)}
    assessments = {number: assess_period(tender, commitments, lines) for number, lines in reports.items()}
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
