"""scoring.countries: ISO 3166-1 alpha-2 codes, names and the EU country groups."""

import pycountry
import pytest

from scoring import countries


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("DE", "DE"),
        ("de", "DE"),
        (" fr ", "FR"),
        ("DEU", "DE"),  # alpha-3
        ("Germany", "DE"),  # pycountry name
        ("Federal Republic of Germany", "DE"),  # official name
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),  # pycountry common name
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Congo, The Democratic Republic of the", "CD"),
        ("Democratic Republic of the Congo", "CD"),  # alias (country_names.csv)
        ("DR Congo", "CD"),  # display name
        ("DRC", "CD"),
        ("Congo", "CG"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Turkey", "TR"),
        ("türkiye", "TR"),
        ("Turkiye", "TR"),  # accents ignored
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("the Netherlands", "NL"),
        ("Ivory Coast", "CI"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("EL", "GR"),  # the EU's own code for Greece
        ("Greenland", "GL"),
        ("United States of America", "US"),
    ],
)
def test_country_code_accepts_codes_and_english_names(text, code):
    assert countries.country_code(text) == code


@pytest.mark.parametrize("text", ["", "XX", "EU", "XK", "Atlantis", "Korea", None, 276, ["DE"]])
def test_country_code_returns_none_for_anything_else(text):
    assert countries.country_code(text) is None


def test_every_pycountry_spelling_finds_its_own_country():
    for country in pycountry.countries:
        for spelling in (country.alpha_2, country.alpha_3, country.name, getattr(country, "official_name", None),
                         getattr(country, "common_name", None), countries.country_name(country.alpha_2)):  # fmt: skip
            if spelling:
                assert countries.country_code(spelling) == country.alpha_2, spelling


def test_is_country_is_strict():
    assert countries.is_country("DE")
    assert not countries.is_country("de")
    assert not countries.is_country("DEU")
    assert not countries.is_country("XX")
    assert not countries.is_country(None)
    assert len(countries.country_codes()) == len(pycountry.countries)


def test_country_name_prefers_short_names():
    assert countries.country_name("DE") == "Germany"
    assert countries.country_name("KR") == "South Korea"  # pycountry common_name
    assert countries.country_name("CD") == "DR Congo"  # country_names.csv
    assert countries.country_name("RU") == "Russia"
    assert countries.country_name("XX") is None
    assert countries.country_name(None) is None


def test_all_countries_sorted_by_name_for_drop_downs():
    listed = countries.all_countries()
    assert len(listed) == len(pycountry.countries)
    assert len({code for code, _ in listed}) == len(listed)
    assert ("AX", "Åland Islands") in listed
    names = [name for _, name in listed]
    position = {name: i for i, name in enumerate(names)}
    assert position["Afghanistan"] < position["Åland Islands"] < position["Albania"]  # accents ignored
    assert position["Côte d'Ivoire"] < position["Croatia"]
    assert names[0] == "Afghanistan"


def test_groups():
    assert len(countries.EU27) == 27 and {"DE", "FR", "GR", "CY", "MT"} <= countries.EU27
    assert countries.EEA_NON_EU == {"IS", "LI", "NO"}
    assert countries.EEA == countries.EU27 | {"IS", "LI", "NO"} and len(countries.EEA) == 30
    assert {"CA", "CL", "AU", "GL", "RS", "NO"} <= countries.CRM_PARTNERSHIP
    assert countries.DEFAULT_PARTNER_GROUP == countries.EEA_NON_EU | countries.CRM_PARTNERSHIP
    # partner_share must never count EU supply: the default group holds no EU member
    assert not countries.DEFAULT_PARTNER_GROUP & countries.EU27
    assert all(countries.is_country(code) for code in countries.EEA | countries.DEFAULT_PARTNER_GROUP)


def test_groups_import_by_name_and_unknown_attributes_fail():
    from scoring.countries import DEFAULT_PARTNER_GROUP, EU27

    assert isinstance(EU27, frozenset) and isinstance(DEFAULT_PARTNER_GROUP, frozenset)
    with pytest.raises(AttributeError):
        countries.NOT_A_GROUP  # noqa: B018
