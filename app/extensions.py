"""Extension objects, created unbound at import and bound to an app in `create_app`."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, g, has_request_context, request
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, Select, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()

SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITE_LOCK = "resbid_write_lock"
_READING = "resbid_reading"  # the connection's transaction has not begun in the database yet


def want_write_lock() -> None:
    """The request writes: its next statements run in a transaction that holds the write lock (SQLite) or may
    hold row locks (app/transactions.py calls this before it locks)."""
    if has_request_context():
        setattr(g, _WRITE_LOCK, True)


def reads_first(view: Callable) -> Callable:
    """Mark a view that takes a form but reads at length before it writes (the audit log's check of every event): it
    reads outside a transaction, as a GET does, until it asks for the write lock, so on SQLite other writers do not
    wait for its reading."""
    view.reads_first = True
    return view


def write_lock_wanted() -> bool:
    """Whether a transaction beginning now begins in the database at once, with SQLite's write lock.

    Outside a request (CLI, background jobs) and for every request method but GET/HEAD/OPTIONS, unless its view
    reads_first: yes. A read-only request reads outside a transaction until it writes (configure_transactions).
    """
    if not has_request_context():
        return True
    if g.get(_WRITE_LOCK):
        return True
    if request.method in READ_METHODS:
        return False
    return not getattr(current_app.view_functions.get(request.endpoint), "reads_first", False)


def configure_transactions(engine: Engine) -> None:
    """A read-only request reads outside a transaction; its first statement that writes or locks begins one.

    A transaction around reads gives them nothing resbid needs, and costs time:
    - PostgreSQL, at its default level READ COMMITTED, gives every statement its own snapshot, in a transaction
      or not (https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED), and resbid's
      reads are written for that. The BEGIN and the ROLLBACK are two round trips to the server, as many as a
      page's own statements.
    - On SQLite they cost a statement's time each, and a deferred transaction that writes after another
      writer's commit is refused (SQLITE_BUSY_SNAPSHOT).
    So a read-only request (write_lock_wanted: no) reads in autocommit. Its first statement that is not a plain
    SELECT (an INSERT, UPDATE or DELETE, a savepoint, SQL text), or any statement once it has asked for the write
    lock (app/transactions.py does before it locks a row or the audit chain), begins the transaction, on SQLite
    with the write lock (BEGIN IMMEDIATE). What a request writes is atomic and its locks last until its commit;
    in WAL mode readers never wait for a writer (https://www.sqlite.org/wal.html, "Concurrency"). Every other
    transaction begins at once, on SQLite with the write lock, so writers wait for each other (the busy timeout)
    instead of losing updates.
    """
    if engine.dialect.name == "sqlite":
        _configure_sqlite_connections(engine)
    starts = _STARTS.get(engine.dialect.name)
    if starts is None:
        return
    start_reading, start_transaction = starts

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        reading = not write_lock_wanted()
        connection.info[_READING] = reading
        (start_reading if reading else start_transaction)(connection.connection.dbapi_connection)

    @event.listens_for(engine, "before_cursor_execute")
    def _before_statement(connection, _cursor, _statement, _parameters, context, _executemany):
        if connection.info.get(_READING) and _begins_transaction(context):
            connection.info[_READING] = False
            start_transaction(connection.connection.dbapi_connection)


def _begins_transaction(context) -> bool:
    """Whether this statement of a read-only request begins its transaction: anything but a compiled SELECT
    (row locks are taken through app/transactions.py, which asks for the write lock first)."""
    return write_lock_wanted() or not isinstance(getattr(getattr(context, "compiled", None), "statement", None),
                                                 Select)


def _configure_sqlite_connections(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and pysqlite's own implicit BEGIN switched off: configure_transactions
    emits the BEGIN, on the driver's connection so that no listener sees it (the recipe in SQLAlchemy's
    "Serializable isolation / Savepoints / Transactional DDL" notes)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()


def _autocommit(value: bool) -> Callable[[Any], None]:
    """Sets psycopg's connection to autocommit or out of it (psycopg begins a transaction at the first statement
    it runs outside autocommit)."""
    def set_autocommit(driver) -> None:
        if driver.autocommit != value:
            driver.autocommit = value
    return set_autocommit


# Per engine: how a read-only request's transaction starts reading, and how a transaction begins in the database.
_STARTS: dict[str, tuple[Callable[[Any], None], Callable[[Any], None]]] = {
    "sqlite": (lambda driver: None, lambda driver: driver.execute("BEGIN IMMEDIATE")),
    "postgresql": (_autocommit(True), _autocommit(False)),
}
