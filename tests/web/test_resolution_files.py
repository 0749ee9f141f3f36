"""scores.yaml records missing-answer resolutions by kind; points for a blank are refused with their place."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "bess-utility"
STEM = "scaldis-energy-storage"
RESOLUTIONS = {
    "RES-EOL": {"kind": "minimum", "reason": "No take-back declaration"},
    "QUAL-SOH": {"kind": "exclude", "reason": "The capacity guarantee is mandatory"},
    "QUAL-TECH": {"kind": "clarified", "reason": "The safety concept was listed in the bid's annex index",
                  "clarification": {"request": "Please send the safety concept listed as Annex 5.",
                                    "requested_on": "2027-03-10", "answer": "Safety concept, 12 pages",
                                    "evidence": "Letter of 11 March 2027, ref. SC-14", "bid_unchanged": True}},
}


def _folder(tmp_path: Path, resolutions: dict) -> Path:
    folder = tmp_path / "bess"
    shutil.copytree(SAMPLE, folder)
    scores = yaml.safe_load((folder / "scores.yaml").read_text())
    scores.setdefault("decisions", {}).setdefault(STEM, {})["resolutions"] = resolutions
    (folder / "scores.yaml").write_text(yaml.safe_dump(scores, sort_keys=False))
    return folder


def test_points_for_a_blank_and_incomplete_clarifications_are_refused_with_their_place(runner, tmp_path):
    folder = _folder(tmp_path, {
        "RES-EOL": {"points": 60, "reason": "entered as a percentage"},
        "QUAL-SOH": {"kind": "generous", "reason": "x"},
        "QUAL-RTE": {"kind": "clarified", "reason": "r", "clarification": {
            "request": "figure?", "requested_on": "10 March", "answer": 91, "evidence": "letter"}},
    })
    result = runner.invoke(args=["tender", "validate", str(folder)])
    assert result.exit_code == 1
    place = f"scores.yaml: decisions.{STEM}.resolutions"
    for expected in (
        f"{place}.RES-EOL.points: a missing answer earns no points of its own: write kind: minimum, exclude or "
        "clarified (Directive 2014/24/EU Art. 56(3)) instead",
        f"{place}.RES-EOL.kind: expected minimum, exclude, clarified, unsubstantiated, got None",
        f"{place}.QUAL-SOH.kind: expected minimum, exclude, clarified, unsubstantiated, got 'generous'",
        f"{place}.QUAL-RTE.clarification.requested_on: expected a date such as 2027-03-10, got '10 March'",
        f"{place}.QUAL-RTE.clarification.bid_unchanged: an answer that changes the bid cannot be entered",
    ):
        assert expected in result.stderr


def test_a_clarified_answer_of_the_wrong_type_is_placed_in_the_file(runner, tmp_path):
    folder = _folder(tmp_path, {"QUAL-RTE": {"kind": "clarified", "reason": "r", "clarification": {
        "request": "figure?", "requested_on": "2027-03-10", "answer": "high", "evidence": "letter",
        "bid_unchanged": True}}, "PRICE-LOW": {"kind": "minimum", "reason": "no price"}})
    result = runner.invoke(args=["tender", "validate", str(folder)])
    assert result.exit_code == 1
    assert (f"scores.yaml: decisions.{STEM}.resolutions.QUAL-RTE.clarification.answer: expected a number, "
            "got 'high'") in result.stderr
    assert (f"scores.yaml: decisions.{STEM}.resolutions.PRICE-LOW: a price cannot be resolved; a bid without a "
            "valid price is ineligible") in result.stderr


def test_each_kind_survives_import_and_export(app, runner, tmp_path):
    folder = _folder(tmp_path, RESOLUTIONS)
    result = runner.invoke(args=["tender", "import", str(folder)])
    assert result.exit_code == 0, result.output
    reference = yaml.safe_load((folder / "tender.yaml").read_text())["reference"]
    exported = tmp_path / "exported"
    assert runner.invoke(args=["tender", "export", reference, str(exported)]).exit_code == 0
    scores = yaml.safe_load((exported / "scores.yaml").read_text())
    assert scores["decisions"][STEM]["resolutions"] == RESOLUTIONS
