"""A bid's legal lines crossed, as the report prints them: one sentence per line, every place named once."""
from __future__ import annotations

from app.reports.resilience import STAGE_WORDS, flag_groups, source_text
from app.reports.wording import writing_in
from scoring.criteria import MetricSource
from scoring.resilience import SupplyLine, compute_profile
from scoring.resilience.model import percentage_digits


def test_every_place_crossing_a_line_is_named_once_under_that_line():
    supply = [SupplyLine("Dy", "processing", "CN", 90.0), SupplyLine("Dy", "processing", "EE", 10.0),
              SupplyLine("Nd", "processing", "CN", 55.0), SupplyLine("Nd", "processing", "FR", 45.0),
              SupplyLine("Nd", "extraction", "AU", 100.0),
              SupplyLine("Nd", "manufacturing", "CN", 80.0), SupplyLine("Nd", "manufacturing", "DE", 20.0)]
    profile = compute_profile(supply, {"Nd": 0.3, "Dy": 0.03})
    groups = flag_groups(profile.flags)
    lines = [group["line"] for group in groups]
    assert lines == sorted(set(lines), key=lines.index), "each legal line once"
    for flag in profile.flags:
        [group] = [g for g in groups if f"{flag.threshold:g}%" in g["line"] and flag.source in g["line"]]
        what = {"Dy": "Dysprosium", "Nd": "Neodymium", None: "whole product"}[flag.material]
        place = f"{what} · {STAGE_WORDS[flag.stage]}: {flag.country} {percentage_digits(flag.share)}%"
        assert group["places"].count(place) == 1
    assert sum(len(group["places"]) for group in groups) == len(profile.flags)
    nzia = next(group for group in groups if "NZIA" in group["line"])
    assert nzia["places"] == ["Neodymium · components: CN 80%"]  # the NZIA line: components only
    crma = next(group for group in groups if "CRMA" in group["line"])
    assert "Neodymium · mining: AU 100%" in crma["places"]  # the CRMA line: raw-material stages


def test_no_line_crossed_gives_no_sentence():
    supply = [SupplyLine("Nd", "processing", "FR", 60.0), SupplyLine("Nd", "processing", "EE", 40.0)]
    assert flag_groups(compute_profile(supply, {"Nd": 1.0}).flags) == []


def test_the_report_says_how_a_metric_reads_the_bill_of_materials():
    assert source_text(MetricSource("hhi", "processing")) == (
        "Herfindahl-Hirschman index, separation and refining, whole product. Measured per material, then the "
        "mass-weighted mean over the bill of materials. A material left undeclared at this stage scores this "
        "criterion at its minimum.")
    assert source_text(MetricSource("eu_share", "extraction", "Nd", undeclared="world_baseline")).startswith(
        "EU-27 share, mining, Neodymium. A material left undeclared at this stage counts at its world supply mix")
    with writing_in("de"):
        assert source_text(MetricSource("hhi", "processing", aggregate="worst")) == (
            "Herfindahl-Hirschman-Index, Trennung und Raffination, gesamtes Produkt. Je Rohstoff gemessen; es zählt "
            "der Rohstoff mit dem ungünstigsten Wert. Ist ein Rohstoff für diese Phase nicht angegeben, erhält "
            "dieses Kriterium sein Minimum.")
