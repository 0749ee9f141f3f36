"""Settings: the generated secret key, SQLite's WAL and busy timeout, upload limits."""
from __future__ import annotations

import stat

from sqlalchemy import text

from app import create_app
from app.config import load_config
from app.extensions import SQLITE_BUSY_TIMEOUT_MS, db


def test_secret_key_is_generated_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(tmp_path)["SECRET_KEY"]
    second = load_config(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_audit_key_is_generated_once_with_mode_0600_apart_from_the_session_key(tmp_path, monkeypatch):
    monkeypatch.delenv("RESBID_AUDIT_KEY", raising=False)
    monkeypatch.delenv("RESBID_AUDIT_CHECKPOINTS", raising=False)
    first, second = load_config(tmp_path), load_config(tmp_path)
    assert first["RESBID_AUDIT_KEY"] == second["RESBID_AUDIT_KEY"] != first["SECRET_KEY"]
    assert stat.S_IMODE((tmp_path / "audit_key").stat().st_mode) == 0o600
    assert first["RESBID_AUDIT_CHECKPOINTS"] == str(tmp_path / "audit-checkpoints.jsonl")


def test_environment_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/resbid")
    monkeypatch.setenv("RESBID_UPLOAD_LIMIT_MB", "2")
    config = load_config(tmp_path)
    assert config["SECRET_KEY"] == "from-the-environment"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/resbid"
    assert config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'resbid.sqlite3'}"


def test_default_upload_limit_is_10_mb(tmp_path, monkeypatch):
    monkeypatch.delenv("RESBID_UPLOAD_LIMIT_MB", raising=False)
    assert load_config(tmp_path)["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024


def test_sqlite_uses_wal_and_a_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "k"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_supplied_keys_write_nothing_into_the_instance_folder(tmp_path, monkeypatch):
    """An app given its keys leaves instance/ untouched (tests and operators with keys in the environment)."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("RESBID_AUDIT_KEY", raising=False)
    instance = tmp_path / "instance"
    config = load_config(instance, {"SECRET_KEY": "supplied", "RESBID_AUDIT_KEY": "also supplied"})
    assert (config["SECRET_KEY"], config["RESBID_AUDIT_KEY"]) == ("supplied", "also supplied")
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "k",
                "RESBID_AUDIT_KEY": "a"}, instance_path=instance)
    assert not instance.exists()
