"""The tender form's time zones, named and sorted in the reader's language: "Belgien · Brüssel", "Belgique · Bruxelles".

The zones are those the Unicode CLDR places in a country (Babel's copy of its `zone_territories`), which zoneinfo
knows, and UTC: one zone per place, each named by its country and its city in the reader's language, where a list
of IANA names would show "Europe/Brussels" to a German or French officer and every old alias beside its zone. A
stored zone outside that list (an IANA alias such as US/Eastern) is offered as well, so editing a tender never
changes its zone unnoticed; any zone zoneinfo knows is accepted, as the tender files accept it.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from zoneinfo import available_timezones

from babel import Locale
from babel.core import get_global
from wtforms.fields.choices import SelectChoice

from app.presentation import UTC, current_locale, zone_label
from tender_files.metadata import zone_of


def time_zone_choices(form, field) -> list[SelectChoice]:
    """The select's options (WTForms calls this when it lists or checks them): the listed zones in the reader's
    language, and the field's own zone first when the list does not hold it."""
    locale = current_locale()
    listed = _listed(locale)
    zone = field.data
    if zone and zone not in _zones() and zone_of(zone) is not None:
        return [SelectChoice(zone, zone_label(zone, locale)), *listed]
    return listed


@cache
def _zones() -> frozenset[str]:
    territories = get_global("zone_territories")
    return frozenset({UTC, *(zone for zone in available_timezones() if zone in territories
                             and not zone.startswith("Etc/"))})


@cache
def _listed(locale: Locale) -> list[SelectChoice]:
    """Sorted as the reader reads them: accents aside ("Österreich" among the O), case aside."""
    labels = {zone: zone_label(zone, locale) for zone in _zones()}
    return [SelectChoice(zone, labels[zone]) for zone in sorted(labels, key=lambda zone: _sort_key(labels[zone]))]


def _sort_key(label: str) -> str:
    return unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").casefold()
