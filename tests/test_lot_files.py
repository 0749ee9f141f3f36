"""Tender folders divided into lots: tender.yaml's lots (schema and codes) and scores.yaml per lot."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from tender_files.folder import FolderInvalid, load_tender_definition
from tender_files.scores import LotScores, ScoresFile, parse_scores

SAMPLE = Path(__file__).parents[1] / "sample_tenders" / "ndfeb-magnets"


def sample_with(**changes) -> dict:
    data = yaml.safe_load((SAMPLE / "tender.yaml").read_text("utf-8"))
    data.update(copy.deepcopy(changes))
    return data


def problems(data) -> list[str]:
    with pytest.raises(FolderInvalid) as error:
        load_tender_definition(data)
    return [str(problem) for problem in error.value.problems]


def test_lot_codes_are_checked_and_the_cn_code_written_as_the_nomenclature_prints_it():
    _, tender = load_tender_definition(sample_with(lots=[{"number": 1, "title": "Magnets", "cn_code": "85051100",
                                                          "cpv_code": "31434000-7"}]))
    assert tender.lots[0].cn_code == "8505 11 00" and tender.is_checked
    assert problems(sample_with(lots=[{"number": 1, "title": "Magnets", "cn_code": "8505"}])) == [
        "tender.yaml: lots[0].cn_code: expected the eight digits of a CN code, such as 8505 11 00"]


def test_the_schema_places_a_lot_of_the_wrong_shape():
    assert problems(sample_with(lots=[{"number": "one", "title": "Magnets"}])) == [
        "tender.yaml: lots[0].number: 'one' is not of type 'integer'"]
    assert problems(sample_with(lots=[{"number": 1, "title": "Magnets"}],
                                lot_rules={"max_lots_awarded_per_tenderer": 0})) == [
        "tender.yaml: lot_rules.max_lots_awarded_per_tenderer: 0 is less than the minimum of 1"]


def test_the_meaning_of_lots_is_placed_after_the_schema():
    assert problems(sample_with(lots=[{"number": 1, "title": "A"}, {"number": 3, "title": "B"}])) == [
        "tender.yaml: lots: lot numbers must be 1 to 2, each once; got 1, 3"]


COMMITTEE = [{"email": "chair@resbid.example", "chair": True}]
JUDGED = {1: ({"QUAL"}, {"PRICE", "QUAL"}), 2: (set(), {"PRICE"})}


def test_scores_and_decisions_are_kept_per_lot_and_written_back():
    data = {"committee": COMMITTEE, "lots": {
        1: {"scores": {"acme": {"QUAL": {"evaluators": {"chair@resbid.example": {"points": 4, "justification": "ok"}},
                                         "consensus": {"points": 4, "justification": "agreed"}}}},
            "decisions": {"acme": {"exclusion": "fraud", "concerns_tenderer": True}}},
        2: {"decisions": {"beta": {"exclusion": "late"}}}}}
    scores, found = parse_scores(data, {"acme", "beta"}, set(), set(), JUDGED)
    assert found == []
    assert scores.lot(1).decisions["acme"].exclusion_concerns_tenderer
    assert scores.lot(2).decisions["beta"].exclusion == "late" and not scores.lot(2).judgements
    assert scores.lot(3) == LotScores()
    assert parse_scores(scores.to_dict(), {"acme", "beta"}, set(), set(), JUDGED)[0] == scores


def test_a_file_without_lots_is_the_single_lot_1_and_writes_as_before():
    data = {"committee": COMMITTEE, "scores": {}, "decisions": {"acme": {"exclusion": "late"}}}
    scores, found = parse_scores(data, {"acme"}, set(), {"PRICE"})
    assert found == [] and scores.lot(1).decisions["acme"].exclusion == "late" and scores.lots == {}
    assert scores.to_dict() == {"committee": COMMITTEE, "scores": {}, "decisions": {"acme": {"exclusion": "late"}}}
    assert ScoresFile().lot(2) == LotScores()


def test_scores_per_lot_name_what_is_wrong_and_where():
    data = {"committee": COMMITTEE, "lots": {
        2: {"scores": {"beta": {"QUAL": {}}}, "decisions": {"acme": {"concerns_tenderer": True}}, "votes": 1}}}
    _, found = parse_scores(data, {"acme", "beta"}, set(), set(), JUDGED)
    assert sorted(str(problem) for problem in found) == [
        "scores.yaml: lots.2.decisions.acme.concerns_tenderer: write true beside an exclusion whose grounds concern "
        "the tenderer (Directive 2014/24/EU Art. 57), or leave it out",
        "scores.yaml: lots.2.scores.beta.QUAL: unknown criterion 'QUAL': only judgement criteria take scores",
        "scores.yaml: lots.2.votes: unknown field; expected scores or decisions"]
