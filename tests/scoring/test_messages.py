"""The library's texts as Messages: the English text itself, with the msgid and parameters an application
translates (scoring/messages.py)."""
from __future__ import annotations

import json
import pickle

from scoring.messages import Listing, Message, Percent
from scoring.plan import ScoringPlan
from scoring.problems import InvalidInput, Problem
from scoring.rules.declarations import PassFailRule
from scoring.rules.numeric import LinearRule
from scoring.sensitivity_prices import PriceFormulaRanking, row_messages


def test_a_message_is_its_english_text_and_keeps_its_msgid_and_parameters():
    message = Message("%(share)s of %(count)s, %(parts)s", share=Percent(12.5), count=10000,
                      parts=Listing([Message("%(amount)s or less", amount=1200), "Nd"]))
    assert message == "12.5% of 10,000, 1,200 or less; Nd"
    assert message.msgid == "%(share)s of %(count)s, %(parts)s" and message.params["count"] == 10000
    assert json.dumps({"text": message}) == '{"text": "12.5% of 10,000, 1,200 or less; Nd"}'  # JSON holds English


def test_a_message_without_parameters_is_not_formatted():
    assert Message("100% of nothing") == "100% of nothing"


def test_a_listing_joins_with_and_when_asked():
    assert Message("%(parts)s.", parts=Listing(["Price", "Delivery", "Quality"], conjunction=True)) == \
        "Price and Delivery and Quality."


def test_messages_survive_pickling_with_their_parameters():
    """Problems travel from worker processes pickled."""
    error = pickle.loads(pickle.dumps(InvalidInput([Problem("A1", LinearRule("lower", ((50.0, 100.0), (100.0, 0.0)))
                                                                .describe())])))
    message = error.problems[0].message
    assert isinstance(message, Message) and message.params["best"] == 50.0
    assert message == "Lower is better: 50 or less gets full points and 100 or more gets no points, on a straight " \
                      "line in between."
    listing = pickle.loads(pickle.dumps(Listing(["a", "b"], conjunction=True)))
    assert listing.conjunction and list(listing) == ["a", "b"]


def test_rule_descriptions_are_messages_with_their_numbers_as_parameters():
    described = LinearRule("higher", ((0.0, 0.0), (10.0, 100.0))).describe()
    assert isinstance(described, Message) and "10" not in described.msgid and described.params["best"] == 10.0
    assert isinstance(PassFailRule(False).describe(), Message)


def test_a_stored_price_row_the_plan_cannot_have_written_keeps_its_texts():
    row = PriceFormulaRanking("price_unknown", "A formula of another version.", "Price.", False, ("a",), (1.0,))
    assert row_messages(ScoringPlan((), (), 100.0), row) == ("A formula of another version.", "Price.")
