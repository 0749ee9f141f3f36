"""Sign-in form, and the language switch every page carries in its footer."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import PageForm
from app.languages import language_choices


class LoginForm(PageForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class LogoutForm(PageForm):
    """Empty form: logging out is a POST carrying the CSRF token."""


class LanguageForm(PageForm):
    """The interface language: saved on the account when signed in, kept in the session before signing in."""

    language = SelectField(_l("Language"), choices=language_choices(), validators=[DataRequired()])
    next = HiddenField(validators=[Optional(), Length(max=2000)])
