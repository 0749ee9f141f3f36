"""resbid web application: `create_app` builds a configured app; importing this package does nothing else."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from app import transactions
from app.application import ResbidFlask
from app.cli import register_commands
from app.config import load_config
from app.routing import RecordNumberConverter, RuleBuildingOnFirstUse
from app.templating import PageEnvironment

ROOT = Path(__file__).resolve().parent.parent

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(config: dict | None = None, instance_path: Path = ROOT / "instance") -> Flask:
    """Build the app: settings, extensions and commands now; blueprints, error pages and request hooks when the URL map
    is first read, which a command never does (app/application.py).

    `instance_path` holds what an installation generates for itself (keys, the SQLite database, audit checkpoints).
    """
    app = ResbidFlask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(ROOT / "templates"),
    )
    app.url_rule_class = RuleBuildingOnFirstUse
    app.url_map.converters["int"] = RecordNumberConverter  # before any rule is added
    app.jinja_environment = PageEnvironment  # before app.jinja_env is first read, which makes it
    app.config.from_mapping(load_config(Path(app.instance_path), config))
    if app.config["RESBID_TRUSTED_PROXIES"]:
        # Take the client address from X-Forwarded-For, trusting only the hops our own proxies added.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["RESBID_TRUSTED_PROXIES"])
    _init_extensions(app)
    register_commands(app)
    app.add_web_on_first_use(_add_web)
    return app


def _add_web(app: Flask) -> None:
    _register_blueprints(app)
    _register_hooks(app)
    transactions.install(app)


def _init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (registers the tables on the metadata)
    from app.auth import loader  # noqa: F401  (registers the user loader)
    from app.extensions import configure_transactions, csrf, db, login_manager
    from app.languages import N_
    from app.languages import init_app as init_languages
    from app.presentation import register_filters

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.localize_callback = gettext  # flashed in the reader's language
    login_manager.session_protection = "strong"
    init_languages(app)
    register_filters(app.jinja_env.filters)  # numbers, dates and names in the page's language, as documents show them
    with app.app_context():
        configure_transactions(db.engine)


def _register_blueprints(app: Flask) -> None:
    from app import layout
    from app.auditor.audit_log import bp as audit_bp
    from app.auditor.views import bp as auditor_bp
    from app.auth.views import bp as auth_bp
    from app.contracts import words as contract_words
    from app.contracts.views import bp as contracts_bp
    from app.debriefs.views import bp as debriefs_bp
    from app.errors import register_error_handlers
    from app.evaluation.views import bp as evaluation_bp
    from app.main.views import bp as main_bp
    from app.portal.views import bp as portal_bp
    from app.records import texts
    from app.records.journey import ROLE_NAMES, STAGE_NAMES
    from app.reports.views import bp as reports_bp
    from app.resilience_words import measured_words
    from app.scoring_words import readable_note
    from app.tenders.views import bp as tenders_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(tenders_bp)
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(auditor_bp)
    app.register_blueprint(debriefs_bp)
    app.register_blueprint(contracts_bp)
    register_error_handlers(app)
    app.jinja_env.filters["readable_note"] = readable_note  # a stored note as its Message: in the page's language
    app.jinja_env.globals.update(STAGE_NAMES=STAGE_NAMES, ROLE_NAMES=ROLE_NAMES, measured_words=measured_words,
                                 contract_words=contract_words)
    layout.init_app(app)
    texts.init_app(app)


def _register_hooks(app: Flask) -> None:
    from app.auth.access import enforce_roles

    app.before_request(enforce_roles)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
