"""Configuration: defaults in code, overridden by environment variables, then by a test mapping.

Every setting an operator may change is listed in README.md's configuration table.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from workbooks.child_limits import DEFAULT_MEMORY_MB as DEFAULT_UPLOAD_MEMORY_MB

DEFAULT_UPLOAD_LIMIT_MB = 10
DEFAULT_BID_DOCUMENTS_LIMIT_MB = 50


def load_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """Build the settings mapping; environment wins over defaults, `overrides` wins over both.

    A key file is generated under instance/ only when neither `overrides` nor the environment supplies the key.
    """
    overrides = dict(overrides or {})
    debug = os.environ.get("FLASK_DEBUG", "0") == "1"
    upload_mb = float(os.environ.get("RESBID_UPLOAD_LIMIT_MB", DEFAULT_UPLOAD_LIMIT_MB))
    config = {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance_path / 'resbid.sqlite3'}",
        "MAX_CONTENT_LENGTH": int(upload_mb * 1024 * 1024),
        # Bid documents (app/portal/documents.py): each file, and all of one bid version's together.
        "RESBID_DOCUMENT_MAX_BYTES": _megabytes("RESBID_DOCUMENT_LIMIT_MB", upload_mb),
        "RESBID_BID_DOCUMENTS_MAX_BYTES": _megabytes("RESBID_BID_DOCUMENTS_LIMIT_MB", DEFAULT_BID_DOCUMENTS_LIMIT_MB),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_flag("SESSION_COOKIE_SECURE", default=not debug),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("RESBID_SESSION_MINUTES", 480)) * 60,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # Sign-in throttle (app/auth/throttle.py): failures allowed before delays start, and the longest delay.
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": 6,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
        "LOGIN_MAX_DELAY_MINUTES": 15,
        "RESBID_TRUSTED_PROXIES": _env_count("RESBID_TRUSTED_PROXIES", "proxies"),
        "RESBID_REPORT_SECONDS": int(os.environ.get("RESBID_REPORT_SECONDS", 900)),
        "RESBID_REPORT_MEMORY_MB": int(os.environ.get("RESBID_REPORT_MEMORY_MB", 4096)),
        "RESBID_UPLOAD_MEMORY_MB": int(os.environ.get("RESBID_UPLOAD_MEMORY_MB", DEFAULT_UPLOAD_MEMORY_MB)),
        "RESBID_REPORT_PROCESSES": int(os.environ.get("RESBID_REPORT_PROCESSES", min(2, os.cpu_count() or 1))),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "RESBID_JOBS": os.environ.get("RESBID_JOBS", "").strip().lower() or None,
    }
    config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = _normalise_url(config["SQLALCHEMY_DATABASE_URI"])
    config["RESBID_JOBS"] = _jobs_mode(config["RESBID_JOBS"], config["SQLALCHEMY_DATABASE_URI"])
    # The audit key lives outside the database, so whoever can write the database cannot re-sign the audit log.
    for setting, file_name in (("SECRET_KEY", "secret_key"), ("RESBID_AUDIT_KEY", "audit_key")):
        if setting not in config:  # not setdefault: its argument would write the key file even when unused
            config[setting] = os.environ.get(setting) or _instance_secret(instance_path, file_name)
    config.setdefault("RESBID_AUDIT_CHECKPOINTS", os.environ.get("RESBID_AUDIT_CHECKPOINTS")
                      or str(instance_path / "audit-checkpoints.jsonl"))
    return config


def _megabytes(name: str, default: float) -> int:
    return int(float(os.environ.get(name, default)) * 1024 * 1024)


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_count(name: str, what: str) -> int:
    """A whole number of 0 or more from the environment (0 when unset), or an error naming the variable."""
    value = os.environ.get(name, "0").strip()
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"{name} must be a whole number of {what} (0 or more), not {value!r}")
    return int(value)


def _jobs_mode(mode: str | None, url: str) -> str:
    """Where background jobs run (app/jobs): "queue" (PostgreSQL's job queue, the default there; workers run
    them) or "thread" (inside the web process; the default and only choice on SQLite)."""
    postgres = url.startswith("postgresql")
    mode = mode or ("queue" if postgres else "thread")
    if mode not in {"queue", "thread"}:
        raise ValueError(f"RESBID_JOBS must be 'queue' or 'thread', not {mode!r}")
    if mode == "queue" and not postgres:
        raise ValueError("RESBID_JOBS=queue needs a PostgreSQL database (DATABASE_URL): SQLite runs jobs in a thread")
    return mode


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs (the driver requirements.txt installs)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance_path: Path, name: str) -> str:
    """Generate a key once, keep it under instance/ readable by the owner only."""
    path = instance_path / name
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
