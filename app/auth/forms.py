"""Sign-in form."""
from __future__ import annotations

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from app.forms import PageForm


class LoginForm(PageForm):
    email = EmailField("Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class LogoutForm(PageForm):
    """Empty form: logging out is a POST carrying the CSRF token."""
