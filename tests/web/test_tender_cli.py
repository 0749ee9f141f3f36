"""Tender folders from the shell: validate, evaluate, import, export, and the round trip between them."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import AuditEvent, Bid, Tender
from app.records.stored_results import fresh_evaluation
from tests.samples import UNDIVIDED as SAMPLES  # the tender in lots has its own tests (test_tender_cli_lots.py)
from tests.web.query_counting import counted


def _ranks(evaluation: dict) -> dict[str, tuple]:
    return {bid["bidder"]: (round(bid["total"], 6), bid["rank"]) for bid in evaluation["bids"]}


def _evaluate_json(runner, folder: Path) -> dict:
    result = runner.invoke(args=["tender", "evaluate", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_there_are_at_least_three_samples():
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_every_sample_validates(runner, folder):
    result = runner.invoke(args=["tender", "validate", str(folder)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_evaluate_json_names_every_bid_with_totals_ranks_and_criteria(runner, folder):
    evaluation = _evaluate_json(runner, folder)
    assert evaluation["tender_reference"] == yaml.safe_load((folder / "tender.yaml").read_text())["reference"]
    assert len(evaluation["bids"]) == len(list((folder / "bids").glob("*.xlsx")))
    for bid in evaluation["bids"]:
        assert bid["bidder"] and {"is_eligible", "reasons", "total", "rank"} <= set(bid)
        for criterion in bid["criteria"]:
            assert {"code", "value", "points", "weighted"} <= set(criterion)
    assert evaluation["sensitivity"]["summary"]


def _stored_ranks(app, reference: str) -> dict[str, tuple]:
    with app.app_context():
        tender = db.session.scalar(select(Tender).where(Tender.reference == reference))
        return _ranks(fresh_evaluation(tender).result.to_dict())


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_import_export_import_gives_the_same_evaluation(app, runner, databases, folder, tmp_path):
    before = _evaluate_json(runner, folder)
    reference = before["tender_reference"]
    assert runner.invoke(args=["tender", "import", str(folder)]).exit_code == 0
    assert _stored_ranks(app, reference) == _ranks(before)  # the database evaluates as the folder does
    exported = tmp_path / "exported"
    result = runner.invoke(args=["tender", "export", reference, str(exported)])
    assert result.exit_code == 0, result.output
    assert _ranks(_evaluate_json(runner, exported)) == _ranks(before)
    other_url = databases.new()
    other = create_app({"SQLALCHEMY_DATABASE_URI": other_url, "SECRET_KEY": "round-trip",
                        "RESBID_AUDIT_CHECKPOINTS": str(tmp_path / "other-checkpoints.jsonl")})
    result = other.test_cli_runner().invoke(args=["tender", "import", str(exported)])
    assert result.exit_code == 0, result.output
    assert _stored_ranks(other, reference) == _ranks(before)
    with other.app_context():
        db.engine.dispose()
    databases.drop(other_url)


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "broken"
    shutil.copytree(SAMPLES[0], target)
    return target


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Tender, Bid, AuditEvent))


def test_broken_folder_exits_1_naming_each_problem_and_writes_nothing(app, runner, tmp_path):
    folder = _broken_copy(tmp_path)
    data = yaml.safe_load((folder / "tender.yaml").read_text())
    data["criteria"][0]["weight"] = "heavy"
    data["bill_of_materials"] = {"Nd": -1}
    (folder / "tender.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    before = _counts(app)
    result = runner.invoke(args=["tender", "import", str(folder)])
    assert result.exit_code == 1
    assert "tender.yaml: criteria[0].weight" in result.stderr
    assert "tender.yaml: bill_of_materials.Nd" in result.stderr
    assert _counts(app) == before


def test_missing_bid_file_is_named(runner, tmp_path):
    folder = _broken_copy(tmp_path)
    victim = sorted((folder / "bids").glob("*.xlsx"))[0]
    victim.unlink()
    result = runner.invoke(args=["tender", "validate", str(folder)])
    assert result.exit_code == 1
    assert f"missing bid file bids/{victim.name}" in result.stderr


def test_unknown_criterion_in_scores_yaml_is_named(app, runner, tmp_path):
    folder = _broken_copy(tmp_path)
    scores = yaml.safe_load((folder / "scores.yaml").read_text())
    stem = next(iter(scores["scores"]))
    scores["scores"][stem]["NO-SUCH-CRITERION"] = {"evaluators": {}}
    (folder / "scores.yaml").write_text(yaml.safe_dump(scores, sort_keys=False))
    before = _counts(app)
    result = runner.invoke(args=["tender", "import", str(folder)])
    assert result.exit_code == 1
    assert f"scores.yaml: scores.{stem}.NO-SUCH-CRITERION: unknown criterion" in result.stderr
    assert _counts(app) == before


def test_invalid_yaml_is_placed(runner, tmp_path):
    folder = _broken_copy(tmp_path)
    (folder / "tender.yaml").write_text("reference: [unclosed\n")
    result = runner.invoke(args=["tender", "validate", str(folder)])
    assert result.exit_code == 1
    assert "tender.yaml: not valid YAML at line" in result.stderr


def test_usage_errors_exit_2(runner):
    assert runner.invoke(args=["tender", "evaluate"]).exit_code == 2
    assert runner.invoke(args=["tender", "evaluate", "--bogus", "x"]).exit_code == 2


def test_every_command_has_help(runner):
    for command in ("validate", "evaluate", "import", "export", "template", "check-bid"):
        result = runner.invoke(args=["tender", command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_schema_rule_kinds_match_the_scoring_library():
    from scoring.rules import RULE_KINDS
    from tender_files.schema import tender_schema

    kinds = tender_schema()["$defs"]["criterion"]["properties"]["rule"]["properties"]["kind"]["enum"]
    assert sorted(kinds) == sorted(RULE_KINDS)


def test_eligibility_reads_the_controlling_country_declared_in_the_bid(app, runner):
    folder = next(path for path in SAMPLES if path.name == "defence-gallium-germanium")
    assert runner.invoke(args=["tender", "import", str(folder)]).exit_code == 0
    with app.app_context():
        tender = db.session.scalar(select(Tender))
        bid = db.session.scalar(select(Bid).where(Bid.label == "orient-minor-metals-europe"))
        assert bid.controlling_country == "CN"
        bid.organisation.controlling_country = "NL"  # the organisation record says otherwise; the bid counts
        db.session.commit()
        result = fresh_evaluation(tender).result.bid("orient-minor-metals-europe")
    assert not result.is_eligible
    assert any("(CN)" in reason for reason in result.reasons)


def test_an_import_records_each_new_bidder_just_before_its_bid_and_reads_the_checkpoint_once(app, runner):
    folder = next(path for path in SAMPLES if path.name == "ndfeb-magnets")
    with counted(app) as statements:
        assert runner.invoke(args=["tender", "import", str(folder)]).exit_code == 0
    # the newest checkpoint is read once for the import's events (app/audit/chain.py), not once an event
    assert sum("ORDER BY audit_checkpoint.id DESC" in statement for statement in statements) == 1
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        organisation_of = dict(db.session.execute(select(Bid.id, Bid.organisation_id)).all())
    imports = [index for index, event in enumerate(events) if event.action == "bid.import"]
    assert len(imports) == len(list((folder / "bids").glob("*.xlsx")))
    for index in imports:
        before = events[index - 1]
        assert (before.action, before.object_id) == ("organisation.create",
                                                     str(organisation_of[int(events[index].object_id)]))
    assert events[-1].action == "tender.import"


def test_yaml_aliases_are_refused_before_parsing(runner, tmp_path):
    folder = _broken_copy(tmp_path)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n"
    (folder / "scores.yaml").write_text(bomb)
    result = runner.invoke(args=["tender", "validate", str(folder)])
    assert result.exit_code == 1
    assert "scores.yaml: YAML aliases (*name) are not accepted (line 2)" in result.stderr


def test_schema_source_handling_matches_the_scoring_library():
    from scoring.resilience import AGGREGATES, METRICS, STAGES, UNDECLARED_HANDLING
    from tender_files.schema import tender_schema
    source = tender_schema()["$defs"]["criterion"]["properties"]["source"]["properties"]
    assert source["metric"]["enum"] == list(METRICS) and source["stage"]["enum"] == list(STAGES)
    assert source["aggregate"]["enum"] == list(AGGREGATES)
    assert source["undeclared"]["enum"] == list(UNDECLARED_HANDLING)


def _sample(name: str) -> Path:
    return next(path for path in SAMPLES if path.name == name)


def test_evaluate_shows_each_ineligibility_reason_and_each_abnormally_low_flag_with_its_decision(runner):
    output = runner.invoke(args=["tender", "evaluate", str(_sample("defence-gallium-germanium"))]).output
    lines = output.splitlines()
    orient = lines.index(next(line for line in lines if line.startswith("Orient Minor Metals Europe B.V.")))
    assert "ineligible" in lines[orient]
    assert lines[orient + 1].strip() == "- Ultimate controlling entity in China (CN), which this tender excludes"
    assert lines[orient + 2].strip().startswith("- Scored 15% on Security of supply, below its minimum score")
    output = runner.invoke(args=["tender", "evaluate", str(_sample("bess-utility"))]).output
    assert "abnormally low (Directive 2014/24/EU Art. 69): " in output
    assert "below the mean of the other bids (trigger 40%)" in output and "below the next bid (trigger 30%)" in output
    assert "decision: rejected" in output


def test_evaluate_shows_a_pending_abnormally_low_decision(runner, tmp_path):
    folder = tmp_path / "bess"
    shutil.copytree(_sample("bess-utility"), folder)
    scores = yaml.safe_load((folder / "scores.yaml").read_text())
    del scores["decisions"]["voltaris-energy-storage"]
    (folder / "scores.yaml").write_text(yaml.safe_dump(scores, allow_unicode=True))
    result = runner.invoke(args=["tender", "evaluate", str(folder)])
    lines = result.output.splitlines()
    voltaris = lines.index(next(line for line in lines if line.startswith("Voltaris Energy Storage B.V.")))
    flag = lines[voltaris + 1].strip()
    assert flag.startswith("abnormally low (Directive 2014/24/EU Art. 69): ")
    assert "(trigger 40%)" in flag and flag.endswith("decision pending: the buyer must ask for an explanation")


def test_evaluate_json_adds_the_resilience_metrics_behind_each_criterion_and_the_flags(runner):
    evaluation = _evaluate_json(runner, _sample("ndfeb-magnets"))
    for bid in evaluation["bids"]:
        resilience = bid["resilience"]
        hhi = resilience["criteria"]["RES-SEP-HHI"]
        assert (hhi["metric"], hhi["stage"], hhi["material"], hhi["aggregate"], hhi["undeclared"]) == (
            "hhi", "processing", None, "mean", "minimum")
        assert hhi["covered_mass_share"] == 100.0 and hhi["undeclared_materials"] == []
        assert hhi["value"] == next(c["value"] for c in bid["criteria"] if c["code"] == "RES-SEP-HHI")
        for figures in hhi["materials"].values():
            assert set(figures) == {"largest_third_country_share", "largest_third_country", "hhi", "eu_share",
                                    "partner_share", "recycled_share"}
        for flag in resilience["flags"]:
            expected = ["manufacturing"] if flag["rule"] == "nzia_art25" else ["extraction", "processing"]
            assert flag["stage"] in expected and flag["material"]
    baltic = next(bid for bid in evaluation["bids"] if bid["bid_id"] == "baltic-magnet-trading")
    assert any(flag["rule"] == "crma_art5" for flag in baltic["resilience"]["flags"])


def test_check_bid_json_adds_the_points_the_workbook_would_earn_and_the_metrics(runner):
    folder = _sample("ndfeb-magnets")
    result = runner.invoke(args=["tender", "check-bid", str(folder), str(folder / "bids" / "nordic-magnet-works.xlsx"),
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assessed = {criterion["code"]: criterion for criterion in data["self_assessment"]["criteria"]}
    evaluation = _evaluate_json(runner, folder)
    nordic = next(bid for bid in evaluation["bids"] if bid["bid_id"] == "nordic-magnet-works")
    for criterion in nordic["criteria"]:
        if assessed[criterion["code"]]["status"] == "scored":
            assert assessed[criterion["code"]]["points"] == criterion["points"]
    assert data["self_assessment"]["scored_total"] > 0
    assert data["resilience"] == nordic["resilience"]


def test_the_command_line_refuses_what_the_import_page_refuses(runner, tmp_path):
    folder = _broken_copy(tmp_path)
    text = (folder / "tender.yaml").read_text("utf-8")
    (folder / "tender.yaml").write_text(re.sub(r"estimated_value: \d+", "estimated_value: .nan", text))
    result = runner.invoke(args=["tender", "validate", str(folder)])
    assert result.exit_code == 1
    assert "tender.yaml: .nan is not a finite number (line" in result.stderr


def test_two_workbooks_of_one_company_are_refused_by_name_not_with_a_traceback(app, runner, tmp_path):
    folder = _broken_copy(tmp_path)
    (folder / "receipts.yaml").unlink()
    first, second = sorted((folder / "bids").glob("*.xlsx"))[:2]
    company = openpyxl.load_workbook(first)["Company"]["B4"].value
    workbook = openpyxl.load_workbook(second)
    workbook["Company"]["B4"] = f"  {company.upper()} "
    workbook.save(second)
    result = runner.invoke(args=["tender", "import", str(folder)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (f"bids/{second.name}: company name: {company.upper()} also submitted bids/{first.name}; "
            "a tenderer submits one tender") in result.stderr
    assert _counts(app) == (0, 0, 0)
