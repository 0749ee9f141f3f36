"""The template's lists and answer kinds, shared by the drop-downs that offer them and the reader that re-checks them.

Excel does not enforce drop-downs on files it did not check (docs/security.md: hostile workbooks), so every value read
back is looked up here again; unknown names are problems, never guesses.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from scoring import countries
from scoring.criteria import path_text, walk
from scoring.definition import Tender
from scoring.reference import reference
from scoring.resilience import STAGES
from scoring.rules.base import BOOLEAN, NUMBER, OPTION, Rule
from scoring.rules.numeric import BandsRule, LinearRule, ThresholdRule
from workbooks.cells import CellError, number, restore_text, shown
from workbooks.wording import ENGLISH_WORDING, N_, Wording
from workbooks.wording import say as _

STAGE_LABELS = {"extraction": N_("Extraction (mining)"), "processing": N_("Processing / refining"),
                "manufacturing": N_("Component manufacturing")}
assert tuple(STAGE_LABELS) == STAGES  # one label per stage of the scoring library
YES, NO = N_("yes"), N_("no")
FSR_CHOICES = {"notification": N_("notification attached"),
               "no_contributions": N_("declaration: no contributions above EUR 4 million per third country")}
# How problem messages name each list (Choice.what).
CHOICE_WORDS = {"country": N_("country"), "material": N_("material"), "stage": N_("stage"), "answer": N_("answer"),
                "declaration": N_("declaration")}
_LISTED_IN_MESSAGE = 8  # longer lists are not spelled out in a problem message


@dataclass(frozen=True)
class Choice:
    """A drop-down list: the labels shown, and the value each label (or an accepted alias) stands for."""

    what: str
    labels: tuple[str, ...]
    values: Mapping[str, Any]  # reference.match_key(label or alias) -> value
    fallback: Callable[[str], Any] | None = None  # a wider lookup of accepted spellings, None if not found
    exact: Mapping[str, Any] = field(default_factory=dict)  # label as offered -> value: the fast path

    @classmethod
    def of(cls, what: str, entries: Iterable[tuple[Any, str]], aliases: Iterable[tuple[Any, str]] = (),
           fallback: Callable[[str], Any] | None = None) -> Choice:
        """A list of (value, label) entries; aliases (and the fallback) are accepted on reading but not offered."""
        entries = tuple(entries)
        values = {reference.match_key(str(alias)): value for value, alias in aliases}
        values.update({reference.match_key(label): value for value, label in entries})
        return cls(what, tuple(label for _, label in entries), values, fallback,
                   {label: value for value, label in entries})

    def parse(self, raw: Any) -> Any:
        """The value of a label from this list; CellError naming the list otherwise."""
        text = restore_text(raw.strip()) if isinstance(raw, str) else None
        found = None if text is None else self.exact.get(text)
        if found is None and text is not None:
            found = self.values.get(reference.match_key(text))
        if found is None and self.fallback is not None and text is not None:
            found = self.fallback(text)
        if found is None:
            listed = (_("the list is empty for this tender") if not self.labels
                      else _("choose one of %(labels)s", labels=", ".join(self.labels))
                      if len(self.labels) <= _LISTED_IN_MESSAGE else _("choose from the drop-down list"))
            raise CellError(_("%(what)s %(value)s is not in the list; %(listed)s",
                                what=_(CHOICE_WORDS.get(self.what, self.what)), value=shown(raw), listed=listed))
        return found


@cache
def country_choice(words: Wording = ENGLISH_WORDING) -> Choice:
    """Every country by its name in the workbook's language (Babel's CLDR names; in English the reference data's
    display names); ISO codes, the English names and the reference data's other spellings are accepted too."""
    if words.language == ENGLISH_WORDING.language:
        return Choice.of("country", countries.all_countries(), fallback=countries.country_code)
    names = words.country_names()
    entries = sorted(((code, name) for code, name in names.items()), key=lambda entry: reference.match_key(entry[1]))
    return Choice.of("country", entries, countries.all_countries(), fallback=countries.country_code)


def material_choice(tender: Tender, words: Wording = ENGLISH_WORDING) -> Choice:
    """The tender's bill of materials by name in the workbook's language; English names and material codes are
    accepted too."""
    codes = tuple(tender.bill_of_materials)
    return Choice.of("material", ((code, words(reference.material_name(code))) for code in codes),
                     [*((code, code) for code in codes), *((code, reference.material_name(code)) for code in codes)])


@cache
def stage_choice(words: Wording = ENGLISH_WORDING) -> Choice:
    """The supply-chain stages by label; the stage codes and the English labels are accepted too."""
    return Choice.of("stage", ((stage, words(label)) for stage, label in STAGE_LABELS.items()),
                     [*((stage, stage) for stage in STAGES), *STAGE_LABELS.items()])


@cache
def yes_no_choice(words: Wording = ENGLISH_WORDING) -> Choice:
    """Yes and no in the workbook's language; English yes/no are accepted too."""
    return Choice.of("answer", ((True, words(YES)), (False, words(NO))), ((True, YES), (False, NO)))


@cache
def fsr_choice(words: Wording = ENGLISH_WORDING) -> Choice:
    """The FSR declarations by label; the English labels are accepted too."""
    return Choice.of("declaration", ((key, words(label)) for key, label in FSR_CHOICES.items()),
                     FSR_CHOICES.items())


STAGE_CHOICE, YES_NO_CHOICE, FSR_CHOICE = stage_choice(), yes_no_choice(), fsr_choice()


@dataclass(frozen=True)
class AnswerSpec:
    """One criterion the bidder answers on the Answers sheet, and what its cell accepts."""

    code: str
    path: str
    rule: Rule
    minimum: float | None = None  # numbers: 0 when every value the rule names is non-negative
    options: tuple[str, ...] = ()  # ProZorro option keys

    words: Wording = field(default=ENGLISH_WORDING, compare=False)  # the workbook's language

    @property
    def allowed_text(self) -> str:
        """What to enter, in words, for the sheet and the drop-down's input message."""
        _ = self.words
        if self.rule.value_kind == BOOLEAN:
            return _("%(yes)s or %(no)s", yes=_(YES), no=_(NO))
        if self.rule.value_kind == OPTION:
            return _("one of: %(options)s", options=", ".join(self.options))
        return _("a number") if self.minimum is None else _("a number (0 or more)")

    def parse(self, raw: Any) -> bool | float | str:
        """The answer as the scoring library takes it; CellError if the type or range is wrong."""
        if isinstance(raw, bool) and self.rule.value_kind == BOOLEAN:
            return raw
        if self.rule.value_kind == BOOLEAN:
            return yes_no_choice(self.words).parse(raw)
        if self.rule.value_kind == OPTION:
            key = restore_text(raw.strip()) if isinstance(raw, str) else None
            if key in self.options:
                return key
            raise CellError(_("option %(value)s is not in the list; choose one of %(options)s", value=shown(raw),
                                options=", ".join(self.options)))
        return number(raw, _("answer"), self.minimum)


def answer_specs(tender: Tender, words: Wording = ENGLISH_WORDING) -> tuple[AnswerSpec, ...]:
    """The criteria answered on the Answers sheet, in definition order: yes/no, numbers and ProZorro options
    not fed by the resilience metrics (price has its own sheet; the committee scores judgements)."""
    specs = []
    for path, node in walk(tender.criteria):
        rule = node.rule
        if node.is_group or node.source is not None or rule.value_kind not in (NUMBER, BOOLEAN, OPTION):
            continue
        options = tuple(key for key, _ in rule.options) if rule.value_kind == OPTION else ()
        minimum = 0.0 if rule.value_kind == NUMBER and min(_reference_values(rule), default=0) >= 0 else None
        specs.append(AnswerSpec(node.code, path_text(path), rule, minimum, options, words))
    return tuple(specs)


def _reference_values(rule: Rule) -> list[float]:
    """The values a numeric rule names (anchors, band edges, threshold): a negative one allows negative answers."""
    if isinstance(rule, LinearRule):
        return [value for value, _ in rule.anchors]
    if isinstance(rule, BandsRule):
        return [edge for band in rule.bands for edge in (band.lower, band.upper) if edge is not None]
    if isinstance(rule, ThresholdRule):
        return [rule.threshold]
    return [-1.0]  # an unknown numeric kind: allow any number rather than refuse a valid answer
