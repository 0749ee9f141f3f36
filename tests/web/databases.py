"""Throwaway databases for the suite: the schema is made once by the migrations, then copied per test.

SQLite copies a template file; PostgreSQL (TEST_DATABASE_URL) creates each test's database
from a template database. Everything made here is dropped when the session ends.
"""
from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db


def migrate(uri: str) -> None:
    """Build the schema at `uri` with the Alembic migrations, the only way the schema is made."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": os.urandom(16).hex()})
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


class SqliteDatabases:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.sqlite3"
        self.counter = itertools.count(1)
        migrate(f"sqlite:///{self.template}")

    def new(self) -> str:
        path = self.folder / f"test{next(self.counter)}.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, uri: str) -> None:
        Path(make_url(uri).database).unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresDatabases:
    def __init__(self, server_url: str) -> None:
        url = make_url(server_url).set(drivername="postgresql+psycopg")
        self.url = url
        self.prefix = f"{url.database}_resbid_{os.getpid()}"
        self.admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        self.counter = itertools.count(1)
        self.template = f"{self.prefix}_tpl"
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._execute(f'CREATE DATABASE "{self.template}"')
        migrate(self._uri(self.template))

    def new(self) -> str:
        name = f"{self.prefix}_{next(self.counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self._uri(name)

    def drop(self, uri: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{make_url(uri).database}" WITH (FORCE)')

    def close(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()

    def _uri(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(statement)
