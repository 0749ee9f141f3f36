"""Numeric, declaration and judgement rules against hand-computed examples."""

import pytest

from scoring import InvalidInput, rule_from_params


def rule(kind, **params):
    return rule_from_params({"kind": kind, **params}, "criteria[1].children[0].rule")


def problems_of(kind, **params):
    with pytest.raises(InvalidInput) as error:
        rule(kind, **params)
    return [str(problem) for problem in error.value.problems]


class TestLinear:
    lower = rule("linear", better="lower", anchors=[[100, 0], [50, 100]])  # given in any order
    higher = rule("linear", better="higher", anchors=[[0, 0], [20, 100]])

    @pytest.mark.parametrize("value, expected", [
        (30, 100.0),  # below the best anchor: clamped
        (50, 100.0),
        (80, 40.0),  # 100 + (0 - 100) x (80 - 50) / (100 - 50) = 100 - 60
        (100, 0.0),
        (120, 0.0),  # clamped
    ])
    def test_lower_is_better(self, value, expected):
        assert self.lower.points(value) == pytest.approx(expected)

    @pytest.mark.parametrize("value, expected", [(-5, 0.0), (5, 25.0), (20, 100.0), (35, 100.0)])
    def test_higher_is_better(self, value, expected):
        # 5: 0 + 100 x 5 / 20 = 25
        assert self.higher.points(value) == pytest.approx(expected)

    def test_words(self):
        assert self.lower.describe() == ("Lower is better: 50 or less gets full points and 100 or more gets "
                                         "no points, on a straight line in between.")
        assert self.lower.to_params() == {"kind": "linear", "better": "lower", "anchors": [[50, 100], [100, 0]]}

    def test_target_is_the_best_anchor(self):
        target = self.lower.target(80)
        assert (target.value, target.points, target.wording("%")) == (50, 100, "50% or less")
        assert self.lower.target(40) is None

    @pytest.mark.parametrize("params, expected", [
        ({"better": "lower", "anchors": [[50, 100]]},
         ["criteria[1].children[0].rule.anchors: expected two [value, points] pairs"]),
        ({"better": "lower", "anchors": [[50, 100], [100, 0], [150, 0]]},
         ["criteria[1].children[0].rule.anchors: expected two [value, points] pairs"]),
        ({"better": "lower", "anchors": [[50, 0], [100, 100]]},
         ["criteria[1].children[0].rule.anchors: with better: lower, the lower value must give more points"]),
        ({"better": "up", "anchors": [[50, 100], [50, 0]]},
         ["criteria[1].children[0].rule.better: expected one of lower, higher, got 'up'",
          "criteria[1].children[0].rule.anchors: the two anchors need different values"]),
        ({"anchors": [["fifty", 100], [100, 120]]},
         ["criteria[1].children[0].rule.better: missing",
          "criteria[1].children[0].rule.anchors[0][0]: expected a number, got 'fifty'",
          "criteria[1].children[0].rule.anchors[1][1]: 120 is outside the allowed range 0 to 100"]),
    ])
    def test_invalid_params(self, params, expected):
        assert problems_of("linear", **params) == expected


class TestBands:
    bands = rule("bands", bands=[{"from": 0, "to": 50, "points": 100}, {"from": 50, "to": 80, "points": 40},
                                 {"from": 80, "to": None, "points": 10}], otherwise=0)

    @pytest.mark.parametrize("value, expected", [(-1, 0), (0, 100), (49.9, 100), (50, 40), (79, 40), (80, 10),
                                                 (1e6, 10)])
    def test_step_bands(self, value, expected):
        assert self.bands.points(value) == expected

    def test_words(self):
        assert self.bands.describe() == (
            "Step bands: from 0 to less than 50 gets full points; from 50 to less than 80 gets 40% of the "
            "points; 80 or more gets 10% of the points; any other value gets no points.")

    def test_target_is_the_nearest_value_in_the_best_band(self):
        assert self.bands.target(90).wording("%") == "less than 50%"
        assert self.bands.target(10) is None

    def test_overlapping_and_malformed_bands(self):
        assert problems_of("bands", bands=[{"from": 0, "to": 50, "points": 100},
                                           {"from": 40, "to": 80, "points": 50}]) == [
            "criteria[1].children[0].rule.bands: bands overlap: from 0 to less than 50 and from 40 to less than 80"]
        assert problems_of("bands", bands=[{"from": 10, "to": 5, "points": 1}, {"upto": 3}]) == [
            "criteria[1].children[0].rule.bands[0]: from must be below to",
            "criteria[1].children[0].rule.bands[1]: expected {from, to, points} (from and to may be null)"]
        assert problems_of("bands", bands=[]) == [
            "criteria[1].children[0].rule.bands: expected a list of {from, to, points} bands"]


class TestThreshold:
    def test_met_or_not(self):
        at_most = rule("threshold", threshold=65, better="lower")  # CRMA-style 65% line as a buyer's choice
        assert (at_most.points(65), at_most.points(65.1)) == (100.0, 0.0)
        assert at_most.describe() == "65 or less gets full points; any other value gets no points."
        assert at_most.target(70).wording("%") == "65% or less"
        at_least = rule("threshold", threshold=20, better="higher", points_met=80, points_not_met=10)
        assert (at_least.points(20), at_least.points(19)) == (80.0, 10.0)

    def test_points_met_must_be_above_not_met(self):
        assert problems_of("threshold", threshold=1, better="higher", points_met=10, points_not_met=10) == [
            "criteria[1].children[0].rule.points_met: must be above points_not_met"]


class TestDeclarations:
    def test_yes_no_fixed_points(self):
        yes_no = rule("yes_no", points_yes=100, points_no=20)
        assert (yes_no.points(True), yes_no.points(False)) == (100, 20)
        assert yes_no.describe() == "Declaration: yes gets full points; no gets 20% of the points."
        assert yes_no.value_problem("yes") == "expected yes or no (true/false), got 'yes'"
        assert yes_no.target(False).wording() == "answering yes"

    def test_yes_no_needs_different_points(self):
        assert problems_of("yes_no", points_yes=50, points_no=50) == [
            "criteria[1].children[0].rule.points_no: a yes and a no must give different points"]

    def test_pass_fail_is_a_gate(self):
        gate = rule("pass_fail")
        assert gate.is_gate and (gate.points(True), gate.points(False)) == (100.0, 0.0)
        assert gate.describe() == ("Pass/fail: the bid must declare yes; any other answer makes the bid "
                                   "ineligible.")
        assert rule("pass_fail", required=False).points(False) == 100.0
        assert problems_of("pass_fail", required="yes") == [
            "criteria[1].children[0].rule.required: expected one of True, False, got 'yes'"]


class TestJudgement:
    scale = rule("judgement", scale=5, descriptors=["0", "1", "2", "3", "4", "5"])

    def test_consensus_counts_when_set(self):
        aggregate = self.scale.aggregate_scores({"a": 2, "b": 4, "c": 5}, consensus=4)
        assert (aggregate.score, aggregate.method) == (4.0, "chair's consensus")

    def test_without_consensus_the_fallback_median(self):
        aggregate = self.scale.aggregate_scores({"a": 2, "b": 4, "c": 5}, consensus=None)
        assert (aggregate.score, aggregate.method) == (4.0, "median of 3 evaluators (2, 4, 5)")

    def test_mean_when_configured(self):
        mean = rule("judgement", scale=5, descriptors=list("012345"), aggregate="mean")
        # (2 + 4 + 5) / 3 = 3.666..., the consensus is ignored under aggregate: mean
        assert mean.aggregate_scores({"a": 2, "b": 4, "c": 5}, consensus=1).score == pytest.approx(11 / 3)

    @pytest.mark.parametrize("scores, flagged", [
        ({"a": 2, "b": 3}, False),  # spread 1 < 30% of 5 = 1.5
        ({"a": 2, "b": 4}, True),  # spread 2 >= 1.5
        ({"a": 3}, False),
    ])
    def test_disagreement_flag_at_30_percent_of_the_scale(self, scores, flagged):
        assert self.scale.aggregate_scores(scores, None).is_disagreement is flagged

    def test_disagreement_share_is_configurable(self):
        strict = rule("judgement", scale=10, descriptors=[str(i) for i in range(11)], disagreement_share=40)
        # 40% of 10 = 4: a spread of 3 passes, 4 is flagged
        assert not strict.aggregate_scores({"a": 2, "b": 5}, None).is_disagreement
        assert strict.aggregate_scores({"a": 2, "b": 6}, None).is_disagreement

    def test_words_quote_every_descriptor(self):
        text = rule("judgement", scale=2, descriptors=["none", "some", "full"]).describe()
        assert text.startswith("Scored by the evaluation committee on a scale of 0 to 2 (0 none; 1 some; 2 full)")

    def test_invalid_params(self):
        assert problems_of("judgement", scale=5, descriptors=["a", "b"], aggregate="max") == [
            "criteria[1].children[0].rule.descriptors: expected 6 descriptors (levels 0 to 5), got 2",
            "criteria[1].children[0].rule.aggregate: expected one of consensus, median, mean, got 'max'"]
        assert problems_of("judgement", scale=2.5, descriptors=["a"]) == [
            "criteria[1].children[0].rule.scale: expected a whole number of levels, got 2.5"]
