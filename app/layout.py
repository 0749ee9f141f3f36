"""The header and footer around every page, rendered once per reader and language and kept in the worker's memory
(and the stylesheet's address in every page's head, built once).

They are the same on every page a reader opens but for two values, put in at each request: the CSRF token of the
sign-out and language forms (csrf_token) and the address the language switch comes back to. The header names the
reader (email, role, organisation) and shows the links of their role, so it is kept per reader, by everything it
shows of them, and per language; the footer per language.
"""
from __future__ import annotations

from flask import Flask, current_app, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.languages import interface_language
from app.records.memo import app_memo

KEPT = 256  # readers' headers (and footers) each worker keeps
TOKENS_KEPT = 1024  # sessions' signed CSRF tokens each worker keeps
TOKEN = "resbid-layout-csrf-token"  # stands for the request's CSRF token in a kept header or footer
NEXT = 'name="next" value="resbid-layout-next"'  # stands for the language switch's way back


def layout_header() -> Markup:
    user = current_user
    who = ((user.id, user.email, user.role, user.organisation.name if user.organisation else None)
           if user.is_authenticated else None)
    return Markup(_kept(("header", who, interface_language()), "_layout_header.html"))


def layout_footer() -> Markup:
    html = _kept(("footer", interface_language()), "_layout_footer.html")
    return Markup(html.replace(NEXT, f'name="next" value="{escape(request.full_path)}"'))


def _kept(key: tuple, template: str) -> str:
    """The kept part with the request's CSRF token in it (plain text: Markup.replace would escape the HTML)."""
    def build() -> str:
        token = csrf_token()
        rendered = render_template(template).strip()
        return rendered.replace(token, TOKEN).replace(f'name="next" value="{escape(request.full_path)}"', NEXT)

    return app_memo("resbid.layout", KEPT).get_or_build(key, build).replace(TOKEN, csrf_token())


def stylesheet_url() -> str:
    """The stylesheet's address in every page's head, built once per root the app is served under: Werkzeug takes
    20 microseconds to build a URL, and this one never changes while the app runs."""
    return app_memo("resbid.stylesheet", 4).get_or_build(request.script_root,
                                                         lambda: url_for("static", filename="resbid.css"))


def csrf_token() -> str:
    """The session's CSRF token as the forms carry it, signed once per session and worker.

    Flask-WTF signs the session's secret afresh at every request, a tenth of a short page's time; as tokens do not
    expire (WTF_CSRF_TIME_LIMIT None: they live as long as the session), every signature of the same secret is
    equally valid, so the first one serves the session's later pages. A session without a secret yet gets one
    from Flask-WTF."""
    field = current_app.config["WTF_CSRF_FIELD_NAME"]
    tokens = app_memo("resbid.csrf_tokens", TOKENS_KEPT)
    token = tokens.get(session[field]) if field in session else None
    if token is None:
        token = generate_csrf()  # puts a secret in a session without one
        tokens.put(session[field], token)
    return token


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(layout_header=layout_header, layout_footer=layout_footer,
                                 stylesheet_url=stylesheet_url)
