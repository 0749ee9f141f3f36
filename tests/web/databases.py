"""Throwaway databases for the suite: the schema is made once by the migrations, then copied per test.

SQLite copies a template file; PostgreSQL (TEST_DATABASE_URL) creates each test's database
from a template database. On PostgreSQL, as in production, the migrations run as the owner (the
URL's user) and the application connects as a role of its own that may only read and append to
the audit log (`db grant-app-role`). Everything made here is dropped when the session ends.
"""
from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app import create_app, schema_migrations
from app.database_roles import grant_app_role
from app.extensions import db


def migrate(uri: str) -> None:
    """Build the schema at `uri` with the Alembic migrations, the only way the schema is made."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": os.urandom(16).hex()})
    with app.app_context():
        schema_migrations.upgrade()
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

    def owner_uri(self, uri: str) -> str:
        """SQLite has no roles: the owner uses the same file."""
        return uri

    def grant(self, uri: str) -> None:
        """SQLite has no roles to grant to."""

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
        self.app_role = f"{self.prefix}_app"
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._execute(f'DROP ROLE IF EXISTS "{self.app_role}"')
        self._execute(f'CREATE ROLE "{self.app_role}" LOGIN')
        self._execute(f'CREATE DATABASE "{self.template}"')
        migrate(self._uri(self.template))
        engine = sa.create_engine(self._uri(self.template))
        with engine.begin() as connection:
            grant_app_role(connection, self.app_role)
        engine.dispose()

    def new(self) -> str:
        """A fresh database, as the application role sees it."""
        name = f"{self.prefix}_{next(self.counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url.set(database=name, username=self.app_role, password=None).render_as_string(
            hide_password=False)

    def owner_uri(self, uri: str) -> str:
        """The same database as its owner sees it: what migrations and a rogue administrator use."""
        return self._uri(make_url(uri).database)

    def grant(self, uri: str) -> None:
        """What an operator runs after each upgrade: the application role's privileges on the tables now there."""
        engine = sa.create_engine(self.owner_uri(uri))
        with engine.begin() as connection:
            grant_app_role(connection, self.app_role)
        engine.dispose()

    def drop(self, uri: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{make_url(uri).database}" WITH (FORCE)')

    def close(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'DROP ROLE IF EXISTS "{self.app_role}"')
        self.admin.dispose()

    def _uri(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(statement)
