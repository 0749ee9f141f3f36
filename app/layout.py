"""The header and footer around every page, rendered once per reader and language and kept in the worker's memory.

They are the same on every page a reader opens but for two values, put in at each request: the CSRF token of the
sign-out and language forms (Flask-WTF signs a fresh one per request) and the address the language switch comes
back to. The header names the reader (email, role, organisation) and shows the links of their role, so it is kept
per reader, by everything it shows of them, and per language; the footer per language.
"""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.languages import interface_language
from app.records.memo import app_memo

KEPT = 256  # readers' headers (and footers) each worker keeps
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
    kept = app_memo("resbid.layout", KEPT)
    html = kept.get(key)
    if html is None:
        token = generate_csrf()
        rendered = render_template(template).strip()
        html = rendered.replace(token, TOKEN).replace(
            f'name="next" value="{escape(request.full_path)}"', NEXT)
        kept.put(key, html)
    return html.replace(TOKEN, generate_csrf())


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(layout_header=layout_header, layout_footer=layout_footer)
