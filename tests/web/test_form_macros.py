"""The form macros (one way to write the CSRF token, hidden fields, a confirm button) and the display filters,
the same in the web pages and the PDF documents."""
from __future__ import annotations

import re

from flask import render_template_string
from flask_wtf.csrf import generate_csrf

from app.presentation import FILTERS
from app.reports import templating
from app.tenders.forms import PublishForm

MACROS = '{% from "_macros/forms.html" import confirm_button, hidden_fields %}'


def inputs(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)


def test_confirm_button_posts_the_token_the_hidden_values_and_one_button(app):
    with app.test_request_context():
        html = render_template_string(MACROS + '{{ confirm_button("/criteria/7/move", "Move <up>", form_class="inline",'
                                      ' values={"version": 3, "direction": "up"}, class="small",'
                                      ' aria_label="Move A & B up", title=none) }}')
        token = generate_csrf()
    assert html.count("<form") == 1 and '<form method="post" action="/criteria/7/move" class="inline">' in html
    assert inputs(html) == [("csrf_token", token), ("version", "3"), ("direction", "up")]
    [button] = re.findall(r"<button[^>]*>[^<]*</button>", html)
    assert button == '<button type="submit" class="small" aria-label="Move A &amp; B up">Move &lt;up&gt;</button>'


def test_hidden_fields_write_the_token_once_and_every_hidden_field_of_the_form(app):
    with app.test_request_context(method="POST", data={"version": "4", "definition_sha256": "a" * 64}):
        html = render_template_string(MACROS + "{{ hidden_fields(form, {'extra': 'x'}) }}", form=PublishForm())
        token = generate_csrf()
    assert inputs(html) == [("csrf_token", token), ("version", "4"), ("definition_sha256", "a" * 64), ("extra", "x")]


def test_the_web_pages_and_the_pdf_documents_share_every_display_filter(app):
    for name, function in FILTERS.items():
        assert app.jinja_env.filters[name] is function
        assert templating.environment().filters[name] is function
