"""Display text is written in one module: its functions' edge cases, and a scan that keeps formatting out of
templates and display code."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.presentation import (
    breakable_text,
    formatting_in,
    hhi_text,
    money_text,
    number_text,
    plain_share_text,
    plain_text,
    points_count,
    points_text,
    share_text,
    time_text,
    utc_text,
    value_text,
    zone_text,
)

ROOT = Path(__file__).resolve().parents[1]
BRUSSELS = "Europe/Brussels"


@pytest.mark.parametrize(("text", "html"), [
    ("Konto von auditor-1a@resbid.example", "Konto von auditor-1a@<wbr>resbid.<wbr>example"),
    ("Tagus Magnetics Lda. & Filhos <b>", "Tagus Magnetics Lda. &amp; Filhos &lt;b&gt;"),  # escaped; none at a space
    ("version 1.25", "version 1.25"),  # nor between digits
    ("—", "—"),
])
def test_breakable_text_lets_an_address_wrap_at_its_parts_and_escapes_the_rest(text, html):
    assert str(breakable_text(text)) == html


def test_time_text_names_the_zone_and_follows_daylight_saving():
    # Central European clocks go forward at 01:00 UTC on the last Sunday of March: 28 March 2027.
    assert time_text(datetime(2027, 3, 28, 0, 59, tzinfo=timezone.utc), BRUSSELS) == "28 Mar 2027 01:59 CET"
    assert time_text(datetime(2027, 3, 28, 1, 0, tzinfo=timezone.utc), BRUSSELS) == "28 Mar 2027 03:00 CEST"
    assert time_text(datetime(2027, 7, 1, 11, 0, tzinfo=timezone.utc), "Europe/Lisbon") == "01 Jul 2027 12:00 WEST"
    assert time_text(datetime(2027, 1, 13, 13, 0, tzinfo=timezone.utc), "UTC") == "13 Jan 2027 13:00 UTC"


def test_time_text_shows_seconds_when_asked_and_never_microseconds():
    at = datetime(2027, 1, 13, 13, 0, 5, 123456, tzinfo=timezone.utc)
    assert time_text(at, BRUSSELS) == "13 Jan 2027 14:00 CET"
    assert time_text(at, BRUSSELS, seconds=True) == "13 Jan 2027 14:00:05 CET"
    assert time_text(None, BRUSSELS) == "—"


@pytest.mark.parametrize(("language", "zone", "named"), [
    ("en", BRUSSELS, "Belgium · Brussels"), ("de", BRUSSELS, "Belgien · Brüssel"),
    ("fr", BRUSSELS, "Belgique · Bruxelles"),
    ("en", "US/Eastern", "United States · New York"),  # an alias, named as its zone
    ("en", "Europe/Monaco", "Monaco"),  # the city names the country too
    ("fr", "UTC", "UTC"),
])
def test_zone_text_names_a_zone_by_its_place_in_the_reader_s_language_never_by_its_id(language, zone, named):
    with formatting_in(language):
        assert zone_text(zone) == named


def test_utc_text_is_utc_to_the_second_named_whatever_zone_it_is_given():
    at = datetime(2027, 1, 13, 14, 0, 0, 5, tzinfo=ZoneInfo(BRUSSELS))
    assert utc_text(at) == "13 Jan 2027 13:00:00 UTC"


@pytest.mark.parametrize(("value", "text"), [
    (None, "—"), (0, "0.00"), (-2.5, "-2.50"), (39.99999999999999, "40.00"), (1234.5, "1,234.50")])
def test_points_have_two_decimals_and_thousands_separators(value, text):
    assert points_text(value) == text


def test_points_and_numbers_take_other_precisions():
    assert points_text(45, 1) == "45.0" and points_text(99.6, 0) == "100"
    assert number_text(12.345, 1) == "12.3" and number_text(None, 0) == "—"


@pytest.mark.parametrize(("value", "text"), [(None, "—"), (0, "0.0%"), (41.26, "41.3%"), (-5, "-5.0%")])
def test_share_text_has_one_decimal_and_a_percent_sign(value, text):
    assert share_text(value) == text


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (40.0, 1, "40%"), (12.345, 1, "12.3%"), (33.333, 2, "33.33%"), (39.99999999999999, None, "40%"), (None, 1, "—")])
def test_plain_shares_drop_trailing_zeros(value, decimals, text):
    assert plain_share_text(value, decimals) == text


def test_plain_numbers_are_written_as_people_write_them():
    assert [plain_text(v) for v in (0, -3.5, 1200, 0.25, 39.99999999999999, None)] == [
        "0", "-3.5", "1,200", "0.25", "40", "—"]


@pytest.mark.parametrize(("args", "text"), [
    ((1234567.5, "EUR"), "1,234,567.50 EUR"), ((3200000, "EUR", 0), "3,200,000 EUR"), ((0, "PLN"), "0.00 PLN"),
    ((-10.5,), "-10.50"), ((None, "EUR"), "—")])
def test_money_has_thousands_separators_and_its_currency(args, text):
    assert money_text(*args) == text


@pytest.mark.parametrize(("value", "text"), [(None, "—"), (0, "0"), (3399.6, "3,400"), (10000.0, "10,000")])
def test_hhi_is_a_whole_number(value, text):
    assert hhi_text(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (None, "—"), (True, "yes"), (False, "no"), (0, "0"), (0.0, "0"), (-3.5, "-3.5"), (39.99999999999999, "40"),
    (46.754617, "46.75"), (6430.769231, "6,430.77"), ("China", "China")])
def test_value_text_writes_answers_as_people_do(value, text):
    assert value_text(value) == text


FORBIDDEN_IN_TEMPLATES = {
    "strftime": re.compile(r"strftime"),
    "printf-style format": re.compile(r"""['"]%[-+ 0#]*[0-9]*\.?[0-9]*[dfegs]['"]\s*\|\s*format"""),
    "str.format": re.compile(r"""['"]\s*\.format\("""),
    "|round": re.compile(r"\|\s*round\b"),
    "|format": re.compile(r"\|\s*format\b"),
}


def offences(paths, patterns) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [f"{path.relative_to(ROOT)}:{number}: {name}" for name, pattern in patterns.items()
                      if pattern.search(line)]
    return found


def test_templates_format_through_the_display_filters_only():
    assert offences(sorted((ROOT / "templates").rglob("*.html")), FORBIDDEN_IN_TEMPLATES) == []


def test_app_code_formats_times_only_in_the_display_module():
    paths = [path for path in sorted((ROOT / "app").rglob("*.py")) if path != ROOT / "app" / "presentation.py"]
    assert offences(paths, {"strftime": re.compile(r"strftime\(|:%[dYHbm]")}) == []


def test_pages_write_the_csrf_token_one_way():
    """Only the form macros write the token: no page uses form.csrf_token, hidden_tag or a hand-made input."""
    macros = ROOT / "templates" / "_macros" / "forms.html"
    paths = [path for path in sorted((ROOT / "templates").rglob("*.html")) if path != macros]
    assert offences(paths, {"csrf": re.compile(r"csrf_token|hidden_tag\(")}) == []


def test_library_messages_are_shown_as_sentences():
    from app.presentation import problem_text, sentence_text
    from scoring.problems import Problem

    assert sentence_text("expected a non-empty list of criteria") == "Expected a non-empty list of criteria."
    path = "criteria[0].rule.a: expected one of 1.5, 2, 3"  # a path keeps its case
    assert sentence_text(path) == f"{path}."
    assert sentence_text("Weights sum to 90.") == "Weights sum to 90."
    assert problem_text(Problem("criteria", "expected a non-empty list of criteria")) == (
        "criteria: Expected a non-empty list of criteria.")


@pytest.mark.parametrize(("value", "count"), [(1, 1), (0.999, 1), (1.004, 1), (0, 0), (0.004, 0), (0.5, 2), (2, 2)])
def test_points_take_the_plural_form_of_the_figure_as_shown(value, count):
    assert points_count(value) == count  # "1.00 point", "0.00 points" (zero form), "0.50 points"
