"""Throwaway databases for the suite: the schema is made once by the migrations, then copied per test.

SQLite copies a template file; PostgreSQL (TEST_DATABASE_URL) creates each test's database
from a template database. On PostgreSQL, as in production, the migrations run as the owner (the
URL's user) and the application connects as a role of its own that may only read and append to
the audit log (`db grant-app-role`). Everything made here is dropped when the session ends.

Creating and dropping a PostgreSQL database took about 0.37 s for every test, nearly all of it CPU time in the
kernel copying and removing files. So a finished test's database is emptied and given to the next test
instead, which takes a few milliseconds. It is first cut off from whatever still holds a connection to it and
renamed, so nothing of the finished test can reach it, and it is dropped instead if its schema, triggers or
grants are no longer the template's (the migration tests change them). Emptying switches the audit log's
append-only triggers off for the one transaction (`session_replication_role`), so the URL's user must be a
superuser, as the `postgres` user of .ci/run is.
"""
from __future__ import annotations

import itertools
import os
import shutil
import time
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


# What a test may change in a database besides its rows: while this is the template's, emptying the rows gives back
# the database the template made.
SCHEMA_FINGERPRINT = """
SELECT md5(string_agg(part, ' ' ORDER BY part)) FROM (
    SELECT relname || ' ' || relkind::text || ' ' || pg_get_userbyid(relowner) AS part FROM pg_class
     WHERE relnamespace = 'public'::regnamespace
    UNION ALL SELECT table_name || '.' || ordinal_position || ' ' || column_name || ' ' || data_type || ' '
           || is_nullable || ' ' || coalesce(column_default, '')
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT typname || ' ' || typtype::text FROM pg_type WHERE typnamespace = 'public'::regnamespace
    UNION ALL SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT tgrelid::regclass || ' ' || pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger
     WHERE NOT tgisinternal
    UNION ALL SELECT proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT grantee || ' ' || privilege_type || ' ' || table_name
      FROM information_schema.role_table_grants WHERE table_schema = 'public'
    UNION ALL SELECT 'version ' || version_num FROM alembic_version
) AS parts"""


class PostgresDatabases:
    def __init__(self, server_url: str) -> None:
        url = make_url(server_url).set(drivername="postgresql+psycopg")
        self.url = url
        self.prefix = f"{url.database}_resbid_{os.getpid()}"
        self.admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        self.counter = itertools.count(1)
        self.template = f"{self.prefix}_tpl"
        self.app_role = f"{self.prefix}_app"
        self.emptied: list[str] = []  # finished tests' databases, emptied: as the template made them
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._execute(f'DROP ROLE IF EXISTS "{self.app_role}"')
        self._execute(f'CREATE ROLE "{self.app_role}" LOGIN')
        self._execute(f'CREATE DATABASE "{self.template}"')
        migrate(self._uri(self.template))
        engine = sa.create_engine(self._uri(self.template))
        with engine.begin() as connection:
            grant_app_role(connection, self.app_role)
            self.emptying = _emptying(connection)
            self.schema = connection.exec_driver_sql(SCHEMA_FINGERPRINT).scalar_one()
        engine.dispose()

    def new(self) -> str:
        """A fresh database, as the application role sees it."""
        if self.emptied:
            name = self.emptied.pop()
        else:
            name = self._unused_name()
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
        """The test is done with the database: emptied for the next test, or dropped if it is no longer the
        template's."""
        name = make_url(uri).database
        self._cut_off(name)
        renamed = self._unused_name()
        self._execute(f'ALTER DATABASE "{name}" RENAME TO "{renamed}"')
        engine = sa.create_engine(self._uri(renamed), poolclass=sa.pool.NullPool)
        with engine.begin() as connection:
            same = connection.exec_driver_sql(SCHEMA_FINGERPRINT).scalar_one() == self.schema
            if same:
                connection.exec_driver_sql(self.emptying)
        engine.dispose()
        if same:
            self.emptied.append(renamed)
        else:
            self._execute(f'DROP DATABASE "{renamed}" WITH (FORCE)')

    def close(self) -> None:
        for name in self.emptied:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'DROP ROLE IF EXISTS "{self.app_role}"')
        self.admin.dispose()

    def _cut_off(self, name: str) -> None:
        """End every connection to the database (a request thread, a job still running) and wait until they are
        gone, as DROP DATABASE ... WITH (FORCE) does."""
        for _ in range(500):
            with self.admin.connect() as connection:
                left = connection.execute(
                    sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :name"),
                    {"name": name}).scalar_one()
            if not left:
                return
            time.sleep(0.01)
        raise RuntimeError(f"connections to {name} did not end")

    def _unused_name(self) -> str:
        return f"{self.prefix}_{next(self.counter)}"

    def _uri(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(statement)


def _emptying(connection) -> str:
    """One statement that deletes every row the tests wrote and starts every sequence again at 1, with the
    triggers (the audit log's refusals, the foreign keys' checks) off for its transaction. Sequences are set, not
    restarted: ALTER SEQUENCE ... RESTART gives each a new file, which is what made creating databases slow."""
    tables = connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'").scalars()
    sequences = connection.exec_driver_sql(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'").scalars()
    return ("SET LOCAL session_replication_role = replica; "
            + " ".join(f'DELETE FROM "{table}";' for table in tables)
            + " SELECT " + ", ".join(f"setval('\"{sequence}\"', 1, false)" for sequence in sequences))
