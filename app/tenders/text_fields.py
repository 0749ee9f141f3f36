"""One field per language a tender publishes in, for the texts the authority writes itself: the title and each
criterion's name and description (eForms repeats such a text once per languageID;
Commission Implementing Regulation (EU) 2019/1780).

The plain field (`title`, `name`, `description`) is the procedure language's text, first and as required as
before; the fields of the other published languages follow it and may stay empty (a reader of that language then
sees the procedure language's text). Without JavaScript a page cannot add fields as languages are ticked: the
details form shows the fields of the languages ticked when it was last saved or sent.
"""
from __future__ import annotations

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.languages import LANGUAGES, language_choices
from app.records.texts import language_name


def _label(text: str, code: str) -> LazyString:
    """`text` (marked with N_ where it is written) in the reader's language, naming the language."""
    return LazyString(lambda: gettext(text, language=language_name(code)))


def further_languages_field() -> SelectMultipleField:
    """The languages the tender publishes in beside its procedure language, as checkboxes."""
    return SelectMultipleField(_l("Also publishes in"), choices=language_choices(), validators=[Optional()],
                               widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


def add_language_fields(form: type, kind: str, text: str, max_length: int, area: bool = False) -> None:
    """Give the form class `kind_en`, `kind_de`, `kind_fr`: the text in each language, each optional."""
    field = TextAreaField if area else StringField
    for code in LANGUAGES:
        setattr(form, f"{kind}_{code}", field(_label(text, code), validators=[Optional(), Length(max=max_length)]))


class LanguageTexts:
    """What a form with language fields shares: the fields to show, their values from a map, and back."""

    def language_fields_of(self, kind: str, languages: tuple[str, ...]) -> list:
        """The fields of the published languages but the procedure language's (its text is the plain field)."""
        return [self[f"{kind}_{code}"] for code in languages[1:]]

    @staticmethod
    def language_values(kind: str, texts: dict[str, str] | None) -> dict[str, str]:
        """A stored map as the form's fields."""
        return {f"{kind}_{code}": text for code, text in (texts or {}).items()}

    def language_texts(self, kind: str, plain: str, languages: tuple[str, ...]) -> dict[str, str]:
        """The procedure language's text and each other published language's the officer gave; empty for a
        tender in one language."""
        if len(languages) < 2:
            return {}
        given = {code: (self[f"{kind}_{code}"].data or "").strip() for code in languages[1:]}
        return {languages[0]: plain, **{code: text for code, text in given.items() if text}}
