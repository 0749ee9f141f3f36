"""Integrity of scoring/reference/: every row sourced, codes valid, CRMA lists complete (CRMA Annex I, II)."""

import csv
import io
from importlib.resources import files

import pytest

from scoring import countries, resilience
from scoring.reference import reference as ref

CSV_FILES = [
    "crma_lists.csv",
    "materials.csv",
    "country_groups.csv",
    "country_names.csv",
    "world_shares.csv",
    "world_baskets.csv",
    "thresholds.csv",
]

# Verbatim: Regulation (EU) 2024/1252 Annex I s.1 and Annex II s.1
STRATEGIC = [
    "bauxite/alumina/aluminium", "bismuth", "boron (metallurgy grade)", "cobalt", "copper", "gallium",
    "germanium", "lithium (battery grade)", "magnesium metal", "manganese (battery grade)",
    "graphite (battery grade)", "nickel (battery grade)", "platinum-group metals",
    "rare-earth elements for magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)", "silicon metal", "titanium metal", "tungsten",
]  # fmt: skip
CRITICAL = [
    "antimony", "arsenic", "bauxite/alumina/aluminium", "baryte", "beryllium", "bismuth", "boron", "cobalt",
    "coking coal", "copper", "feldspar", "fluorspar", "gallium", "germanium", "hafnium", "helium", "heavy REE",
    "light REE", "lithium", "magnesium", "manganese", "graphite", "nickel (battery grade)", "niobium",
    "phosphate rock", "phosphorus", "platinum-group metals", "scandium", "silicon metal", "strontium", "tantalum",
    "titanium metal", "tungsten", "vanadium",
]  # fmt: skip


def raw_rows(name):
    """Rows read straight from the file, independent of the loader."""
    text = files("scoring.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_row_has_a_source_and_all_columns(name):
    rows = raw_rows(name)
    assert rows, name
    for number, row in enumerate(rows, start=2):
        assert None not in row and None not in row.values(), f"{name} line {number}: column count"
        assert row["source"].strip(), f"{name} line {number}: no source"


@pytest.mark.parametrize("name", CSV_FILES)
def test_loader_accepts_every_file(name):
    assert len(ref.read_rows(name)) == len(raw_rows(name))


def test_readme_states_the_data_version():
    readme = files("scoring.reference").joinpath("README.md").read_text(encoding="utf-8")
    assert f"Data version: **{ref.DATA_VERSION}**" in readme


def test_crma_lists_are_the_17_strategic_and_34_critical_entries_verbatim():
    entries = ref.crma_lists()
    strategic = [e.entry for e in entries if e.list_name == "strategic"]
    critical = [e.entry for e in entries if e.list_name == "critical"]
    assert len(strategic) == 17 and strategic == STRATEGIC
    assert len(critical) == 34 and critical == CRITICAL
    assert [e.position for e in entries if e.list_name == "strategic"] == list(range(1, 18))
    assert [e.position for e in entries if e.list_name == "critical"] == list(range(1, 35))
    assert {e.source for e in entries if e.list_name == "strategic"} == {"Regulation (EU) 2024/1252 Annex I s.1"}
    assert {e.source for e in entries if e.list_name == "critical"} == {"Regulation (EU) 2024/1252 Annex II s.1"}


def test_materials_map_onto_the_list_entries():
    materials = ref.materials()
    for m in materials.values():
        assert m.is_strategic == bool(m.strategic_entry), m.code
        assert m.is_critical == bool(m.critical_entry), m.code
        assert not m.strategic_entry or m.strategic_entry in STRATEGIC, m.code
        assert not m.critical_entry or m.critical_entry in CRITICAL, m.code
        assert m.is_critical or not m.is_strategic, f"{m.code}: Annex II includes every strategic material"
        assert "2024/1252" in m.source
    # every list entry is reachable from at least one material code
    assert {m.strategic_entry for m in materials.values() if m.strategic_entry} == set(STRATEGIC)
    assert {m.critical_entry for m in materials.values() if m.critical_entry} == set(CRITICAL)


def test_rare_earth_magnet_elements_and_their_light_heavy_split():
    magnets = STRATEGIC[13]
    members = {m.code for m in ref.materials().values() if m.strategic_entry == magnets}
    assert members == {"Nd", "Pr", "Tb", "Dy", "Gd", "Sm", "Ce"}
    # European Commission, Study on the Critical Raw Materials for the EU 2023: light REE (Nd, Pr), heavy REE (Dy, Tb)
    assert ref.material("Nd").critical_entry == ref.material("Pr").critical_entry == "light REE"
    assert ref.material("Dy").critical_entry == ref.material("Tb").critical_entry == "heavy REE"
    assert ref.material("Nd").name == "Neodymium"


def test_material_codes_and_names_do_not_collide():
    keys = {}
    for m in ref.materials().values():
        for spelling in (m.code, m.name):
            key = ref.match_key(spelling)
            assert keys.setdefault(key, m.code) == m.code, f"{spelling!r} collides with {keys[key]}"


@pytest.mark.parametrize(
    ("text", "code"),
    [("Nd", "Nd"), ("nd", "Nd"), ("Neodymium", "Nd"), ("GRAPHITE", "graphite"), ("coking coal", "coking_coal"),
     ("Platinum-group metals", "PGM"), ("unobtainium", None), ("", None), (None, None), (42, None)],
)  # fmt: skip
def test_material_code_accepts_codes_and_names(text, code):
    assert ref.material_code(text) == code


def test_material_name_falls_back_to_the_code():
    assert ref.material_name("Dy") == "Dysprosium"
    assert ref.material_name("Zz") == "Zz"


def test_country_groups():
    groups = ref.country_groups()
    assert len(groups["eu27"]) == 27
    assert groups["eea_non_eu"] == {"IS", "LI", "NO"}
    assert groups["crm_partnership"] == {
        "CA", "UA", "KZ", "NA", "AR", "CL", "ZM", "CD", "GL", "RW", "NO", "UZ", "AU", "RS",
    }  # fmt: skip
    assert not groups["crm_partnership"] & groups["eu27"]
    for row in raw_rows("country_groups.csv"):
        assert countries.is_country(row["country"]), row
        assert row["configurable"] == ("yes" if row["group"] == "crm_partnership" else "no"), row
        if row["group"] == "crm_partnership":
            assert (
                row["source"] == "European Commission, DG GROW, raw materials diplomacy: strategic partnerships (MoUs)"
            )


def test_eu27_is_the_member_states():
    eu = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
    assert ref.country_groups()["eu27"] == frozenset(eu)


def test_country_names_file_uses_valid_codes():
    for code, (name, aliases) in ref.country_names().items():
        assert countries.is_country(code), code
        assert name and all(aliases), code


def test_world_shares_rows():
    rows = raw_rows("world_shares.csv")
    for row in rows:
        assert row["confidence"] in ref.CONFIDENCE, row
        assert row["stage"] in resilience.STAGES, row
        if row["confidence"] == "unconfirmed":  # no confirmed figure: never a number
            assert row["share"] == "" and row["country"] == "", row
            continue
        assert row["country"] == ref.REST_OF_WORLD or countries.is_country(row["country"]), row
        assert (row["qualifier"] == "remainder") == (row["country"] == ref.REST_OF_WORLD), row
        assert 0 < float(row["share"]) <= 100, row


def test_world_shares_sum_to_100_with_the_rest_of_world_row():
    totals = {}
    for row in raw_rows("world_shares.csv"):
        if row["share"]:
            key = (row["basket"], row["stage"])
            totals[key] = totals.get(key, 0.0) + float(row["share"])
    assert totals
    for key, total in totals.items():
        assert total == pytest.approx(100.0, abs=1e-9), key


@pytest.mark.parametrize(
    ("basket", "stage", "country", "share", "confidence"),
    [
        ("REE", "extraction", "CN", 69.2, "confirmed"),  # USGS MCS 2025
        ("light REE", "processing", "CN", 84.9, "secondary"),  # EC CRM 2023
        ("light REE", "processing", "NO", 0.1, "secondary"),
        ("heavy REE", "processing", "CN", 100.0, "secondary"),
        ("lithium", "extraction", "AU", 36.7, "confirmed"),
        ("cobalt", "extraction", "CD", 76.0, "confirmed"),
        ("copper", "processing", "CN", 44.4, "confirmed"),
        ("germanium", "processing", "CN", 83.0, "secondary"),
        ("tungsten", "extraction", "CN", 82.7, "confirmed"),
    ],
)
def test_world_shares_match_the_published_tables(basket, stage, country, share, confidence):
    (row,) = [r for r in ref.world_shares(basket, stage) if r.country == country]
    assert row.share == share and row.confidence == confidence


def test_world_baskets_point_at_existing_rows_and_materials():
    for row in raw_rows("world_baskets.csv"):
        assert ref.material(row["material"]) is not None, row
        assert ref.world_shares(row["basket"], row["stage"]), row
    assert ref.world_basket("Nd", "processing") == "light REE"
    assert ref.world_basket("Dy", "processing") == "heavy REE"
    assert ref.world_basket("Dy", "extraction") == ref.world_basket("Nd", "extraction") == "REE"
    assert ref.world_basket("Nd", "manufacturing") is None


def test_thresholds_match_the_constants_used_by_the_flags():
    thresholds = ref.thresholds()
    crma = thresholds["crma_single_third_country"]
    nzia = thresholds["nzia_single_third_country"]
    assert crma.value == resilience.CRMA_SINGLE_COUNTRY_LIMIT == 65.0
    assert nzia.value == resilience.NZIA_SINGLE_COUNTRY_LINE == 50.0
    assert crma.source.startswith(resilience.CRMA_SOURCE)
    assert nzia.source.startswith(resilience.NZIA_SOURCE)
    # Regulation (EU) 2024/1252 Art. 5(1): 10% extraction, 40% processing, 25% recycling (not the 2023 proposal's 15%)
    assert thresholds["crma_eu_extraction_capacity"].value == 10
    assert thresholds["crma_eu_processing_capacity"].value == 40
    assert thresholds["crma_eu_recycling_capacity"].value == 25


def test_loaded_data_is_read_only():
    with pytest.raises(TypeError):
        ref.materials()["Xx"] = None  # type: ignore[index]
