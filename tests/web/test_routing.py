"""The app's URL rules write their URL-building code on first use (app/routing.py): they build the URLs
Werkzeug's own rules build, and an app is made without writing any."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map, Rule

from app import create_app


def test_each_rule_builds_the_urls_werkzeugs_own_rule_builds(app):
    rules = list(app.url_map.iter_rules())
    plain = Map([Rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods, defaults=rule.defaults)
                 for rule in rules], converters=app.url_map.converters)
    ours, werkzeugs = app.url_map.bind("resbid.example"), plain.bind("resbid.example")
    for rule in rules:
        values = {name: 7 if isinstance(converter, IntegerConverter) else "a b/c"
                  for name, converter in rule._converters.items()}
        for extra in ({}, {"page": 2, "q": "é&x"}):  # with arguments the rule does not name: its query string
            method = sorted(rule.methods)[0]
            assert ours.build(rule.endpoint, {**values, **extra}, method=method) == werkzeugs.build(
                rule.endpoint, {**values, **extra}, method=method), rule.rule


def test_making_the_app_writes_no_url_building_code(monkeypatch):
    written = []
    real = Rule._compile_builder
    monkeypatch.setattr(Rule, "_compile_builder", lambda rule, *args: written.append(rule) or real(rule, *args))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "routing"})
    assert not [rule for rule in written if rule.endpoint != "static"]  # Flask adds the static rule itself
    with app.test_request_context():
        assert app.url_for("main.dashboard") == "/dashboard"
    assert [rule.endpoint for rule in written if rule.endpoint != "static"] == ["main.dashboard"]
