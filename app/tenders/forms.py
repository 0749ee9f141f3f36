"""Forms of the tender set-up: details, corrigendum, import, and the one-button forms (publish, move, remove).

Times are typed as wall-clock times in the tender's time zone and leave the forms as UTC.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pycountry
from babel.numbers import get_currency_name
from flask_babel import LazyString, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from app.clock import utcnow
from app.forms import FiniteDecimalField, PageForm, version_field
from app.languages import LANGUAGES, N_, language_choices
from app.models import Organisation, Tender
from app.models.tender import DEFAULT_TIME_ZONE
from app.presentation import message_text, wall_time_text
from app.tenders.text_fields import LanguageTexts, add_language_fields, further_languages_field
from app.tenders.time_zones import time_zone_choices
from app.tenders.tree_editing import DOWN, UP
from tender_files.codes import cn_code_problem, cn_code_text, cpv_code_problem
from tender_files.metadata import TenderMeta, zone_of
from tender_files.time_limits import GROUNDS

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
REFERENCE = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"  # as tender.schema.json


def currency_label(code: str, english: str) -> str:
    """"EUR · Euro" with the name in the reader's language from Babel's CLDR data; pycountry's English name for a
    code CLDR does not name (and outside a request)."""
    locale = get_locale()
    name = get_currency_name(code, locale=locale) if locale is not None else code
    return f"{code} · {english if name == code else name}"


# ISO 4217 currencies (pycountry's copy of the standard), as a select.
CURRENCIES = [SelectChoice(currency.alpha_3, LazyString(currency_label, currency.alpha_3, currency.name))
              for currency in sorted(pycountry.currencies, key=lambda currency: currency.alpha_3)]
MIN_REASON = 10


def utc_of(local: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone` as UTC; a time the clocks skip (spring forward) is refused."""
    moment = local.replace(tzinfo=zone).astimezone(timezone.utc)
    if moment.astimezone(zone).replace(tzinfo=None) != local:
        raise ValidationError(f"{wall_time_text(local)} does not exist in {zone.key}: the clocks go forward then.")
    return moment


def local_of(moment: datetime | None, zone_name: str) -> datetime | None:
    """A stored UTC time as the naive wall-clock time the form shows."""
    return moment.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None) if moment else None


def local_time_field(label: str) -> DateTimeLocalField:
    """A date-and-time input read in the tender's time zone."""
    return DateTimeLocalField(label, format=LOCAL_FORMATS, validators=[InputRequired()])


class TimesMixin:
    """Deadline and opening in one zone: opening not before the deadline (tender.yaml has the same rule).

    The form using it defines zone() -> ZoneInfo | None: the zone the times are typed in.
    """

    def deadline_utc(self) -> datetime:
        """The submission deadline in UTC."""
        return utc_of(self.submission_deadline.data, self.zone())

    def opening_utc(self) -> datetime:
        """The opening time in UTC."""
        return utc_of(self.opening_time.data, self.zone())

    def validate_submission_deadline(self, field) -> None:
        """A wall-clock time the clocks skip is refused rather than silently shifted."""
        if field.data and self.zone():
            self.deadline_utc()

    def validate_opening_time(self, field) -> None:
        """Bids are opened after the deadline, never before."""
        if not (field.data and self.zone()):
            return
        opening = self.opening_utc()
        has_deadline = self.submission_deadline.data and not self.submission_deadline.errors
        if has_deadline and opening < self.deadline_utc():
            raise ValidationError(_("must not be before the submission deadline: bids are opened after it."))


class TenderForm(LanguageTexts, TimesMixin, PageForm):
    """A tender's procedural details; the deadline and opening are typed in the tender's time zone."""

    reference = StringField(_l("Reference"), validators=[DataRequired(), Length(max=64), Regexp(
        REFERENCE, message=_l("letters, digits and . _ / - only, starting with a letter or digit"))])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    subject = TextAreaField(_l("Subject"), validators=[Optional(), Length(max=20_000)])
    cpv_code = StringField(_l("CPV code"), validators=[Optional(), Length(max=20)])
    cn_code = StringField(_l("CN code"), validators=[Optional(), Length(max=20)])
    estimated_value = FiniteDecimalField(_l("Estimated value (excluding VAT)"), validators=[
        Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("9999999999999999"))])
    currency = SelectField(_l("Currency"), default="EUR", choices=CURRENCIES, validators=[DataRequired()])
    time_zone = SelectField(_l("Time zone"), default=DEFAULT_TIME_ZONE, choices=time_zone_choices,
                            validators=[DataRequired()])
    submission_deadline = local_time_field(_l("Submission deadline (in the tender's time zone)"))
    opening_time = local_time_field(_l("Opening time (in the tender's time zone)"))
    language = SelectField(_l("Procedure language"), default="en", choices=language_choices(),
                           validators=[DataRequired()])
    further_languages = further_languages_field()
    is_two_envelope = BooleanField(_l("Two envelopes: technical evaluators see no prices until the evaluation is "
                                      "finalised"))

    def published(self) -> tuple[str, ...]:
        """The languages the tender publishes in as the form stands, the procedure language first."""
        language = self.language.data if self.language.data in LANGUAGES else "en"
        ticked = self.further_languages.data or ()
        return (language, *[code for code in LANGUAGES if code in ticked and code != language])

    def title_fields(self) -> list:
        """The title's fields after the procedure language's: one per other published language."""
        return self.language_fields_of("title", self.published())

    def validate_cpv_code(self, field) -> None:
        """The CPV code's form (tender_files/codes.py, as a tender.yaml import checks it)."""
        problem = cpv_code_problem(field.data or "")
        if field.data and problem:
            raise ValidationError(problem)

    def validate_cn_code(self, field) -> None:
        """Eight digits, kept as the nomenclature writes them (8505 11 00)."""
        problem = cn_code_problem(field.data or "")
        if field.data and problem:
            raise ValidationError(problem)
        if field.data:
            field.data = cn_code_text(field.data)

    def zone(self) -> ZoneInfo | None:
        """The zone the officer chose, if zoneinfo knows it."""
        return zone_of(self.time_zone.data)

    def tender_meta(self, authority: Organisation) -> TenderMeta:
        """The details as the tender files and the store read them, times in UTC."""
        return TenderMeta(
            reference=self.reference.data.strip(), title=self.title.data.strip(), subject=self.subject.data or "",
            cpv_code=(self.cpv_code.data or "").strip(), cn_code=(self.cn_code.data or "").strip(),
            authority_name=authority.name, authority_country=authority.country,
            estimated_value=self.estimated_value.data, currency=self.currency.data,
            time_zone=self.time_zone.data, submission_deadline_at=self.deadline_utc(),
            opening_at=self.opening_utc(), is_two_envelope=self.is_two_envelope.data,
            language=self.language.data, languages=self.published() if len(self.published()) > 1 else (),
            titles=self.language_texts("title", self.title.data.strip(), self.published()))


add_language_fields(TenderForm, "title", N_("Title (%(language)s)"), 300)


class TenderEditForm(TenderForm):
    """The details form of a stored draft, carrying its version."""

    version = version_field()

    @staticmethod
    def values_of(tender: Tender) -> dict:
        """The stored details as the form shows them."""
        return {"reference": tender.reference, "title": tender.title, "subject": tender.subject,
                "cpv_code": tender.cpv_code, "cn_code": tender.cn_code, "estimated_value": tender.estimated_value,
                "currency": tender.currency, "time_zone": tender.time_zone,
                "submission_deadline": local_of(tender.submission_deadline_at, tender.time_zone),
                "opening_time": local_of(tender.opening_at, tender.time_zone),
                "is_two_envelope": tender.is_two_envelope, "language": tender.language, "version": tender.version,
                "further_languages": list(tender.languages or ())[1:],
                **TenderEditForm.language_values("title", tender.titles)}


class CorrigendumForm(TimesMixin, PageForm):
    """A new deadline and opening time for a published tender, with the reason that will be recorded."""

    submission_deadline = local_time_field(_l("New submission deadline"))
    opening_time = local_time_field(_l("New opening time"))
    reason = TextAreaField(_l("Reason (recorded and shown with the tender)"), validators=[
        DataRequired(), Length(min=MIN_REASON, max=2000)])
    version = version_field()

    def __init__(self, *args, tender: Tender, **kwargs) -> None:
        stored = {"submission_deadline": local_of(tender.submission_deadline_at, tender.time_zone),
                  "opening_time": local_of(tender.opening_at, tender.time_zone), "version": tender.version}
        super().__init__(*args, data=stored, **kwargs)
        self._zone = ZoneInfo(tender.time_zone)

    def zone(self) -> ZoneInfo:
        """A corrigendum keeps the tender's zone."""
        return self._zone

    def validate_submission_deadline(self, field) -> None:
        """A corrigendum moves the deadline to a time still ahead (and the clocks must not skip it)."""
        if field.data and self.deadline_utc() <= utcnow():
            raise ValidationError(_("must be in the future."))


class ImportForm(PageForm):
    """A tender.yaml to create a draft from."""

    file = FileField(_l("Tender file (YAML)"),
                     validators=[FileRequired(), FileAllowed(["yaml", "yml"], "Choose a tender file in YAML.")])


class VersionForm(PageForm):
    """A one-button form (remove) that names the row version it was rendered from."""

    version = version_field()


class MoveForm(VersionForm):
    """Move a criterion one place up or down among its siblings."""

    direction = SelectField(choices=[SelectChoice(UP), SelectChoice(DOWN)])


# The grounds of tender_files/time_limits.py in the reader's language (Directive 2014/24/EU Art. 27(2), 27(3), 4).
GROUND_WORDS = {"urgency": _l("a duly substantiated state of urgency"),
                "prior_information": _l("a prior information notice was published"),
                "below_thresholds": _l("the estimated value is below the EU thresholds")}


class PublishForm(VersionForm):
    """Publishing names the exact definition the officer reviewed, by its hash."""

    definition_sha256 = StringField(widget=HiddenInput(), validators=[DataRequired(), Length(min=64, max=64)])
    ground = RadioField(_l("Ground for a shorter time limit"), validate_choice=False, choices=[
        SelectChoice(key, _l("%(ground)s (%(article)s, at least %(days)s days)", ground=GROUND_WORDS[key],
                             article=LazyString(message_text, ground.article), days=ground.minimum_days)
                     if ground.minimum_days
                     else _l("%(ground)s (%(article)s)", ground=GROUND_WORDS[key],
                             article=LazyString(message_text, ground.article)))
        for key, ground in GROUNDS.items()])
    reason = TextAreaField(_l("Reason (recorded in the audit log and shown with the tender and in the report)"),
                           validators=[Optional(), Length(max=2000)])
