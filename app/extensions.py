"""Extension objects, created unbound at import and bound to an app in `create_app`."""
from __future__ import annotations

from flask import g, has_request_context, request
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
_DEFERRED = "resbid_deferred_transaction"


def want_write_lock() -> None:
    """The request writes: its next transactions begin with the write lock (app/transactions.py calls this)."""
    if has_request_context():
        setattr(g, _WRITE_LOCK, True)


def write_lock_wanted() -> bool:
    """Whether a transaction beginning now takes SQLite's write lock at once.

    Outside a request (CLI, background jobs) and for every request method but GET/HEAD/OPTIONS: yes. A read-only
    request begins a deferred transaction, which in WAL mode reads its snapshot beside a writer without waiting.
    """
    if not has_request_context():
        return True
    return request.method not in READ_METHODS or bool(g.get(_WRITE_LOCK))


def in_deferred_transaction() -> bool:
    """Whether the request's latest transaction began without the write lock (its writes may meet SQLITE_BUSY)."""
    return has_request_context() and bool(g.get(_DEFERRED))


def configure_transactions(engine: Engine) -> None:
    """How the engine's transactions begin: for a read-only request, without anything that would make it wait
    for a writer (SQLite) or cost round trips it does not need (PostgreSQL)."""
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        _configure_postgresql(engine)


def _configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, BEGIN IMMEDIATE for transactions that write and plain BEGIN for read-only requests.

    Writers wait for each other (the busy timeout) instead of losing updates; readers never wait for a writer.
    A read-only request that turns out to write (a tender closing at its deadline, an access refused and
    audited) upgrades its deferred transaction; if another writer holds or has moved past its snapshot SQLite
    answers SQLITE_BUSY at once, and `app.transactions.retry_on_conflict` runs the view again with the write
    lock taken at BEGIN (https://www.sqlite.org/lang_transaction.html, "Read transactions", and
    https://www.sqlite.org/wal.html, "Concurrency").

    pysqlite's own implicit BEGIN is switched off and SQLAlchemy emits the BEGIN
    (the recipe in SQLAlchemy's "Serializable isolation / Savepoints / Transactional DDL" notes).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = write_lock_wanted()
        if has_request_context():
            setattr(g, _DEFERRED, not immediate)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _configure_postgresql(engine: Engine) -> None:
    """A read-only request reads outside a transaction until its first statement that writes or locks.

    At PostgreSQL's default level, READ COMMITTED, every statement reads its own snapshot, in a transaction or
    not (https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED), so a transaction
    around a page's reads adds nothing but its BEGIN and its ROLLBACK: two round trips to the server, as many as
    the page's own statements. A transaction that begins for a read-only request sets psycopg's connection to
    autocommit; the first statement that is not a plain SELECT (an INSERT, UPDATE or DELETE, a savepoint, SQL
    text), or any statement once the request has asked for the write lock (app/transactions.py does before it
    locks a row or the audit chain), sets it back, and psycopg begins the transaction with that statement: what
    a request writes stays atomic and its locks last until its commit. Outside a request, and for every request
    that is not a read, transactions begin as usual.
    """

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        driver, reading = connection.connection.dbapi_connection, not write_lock_wanted()
        if driver.autocommit != reading:
            driver.autocommit = reading

    @event.listens_for(engine, "before_cursor_execute")
    def _before_statement(connection, _cursor, _statement, _parameters, context, _executemany):
        driver = connection.connection.dbapi_connection
        if driver.autocommit and (write_lock_wanted() or not _is_plain_read(context)):
            driver.autocommit = False


def _is_plain_read(context) -> bool:
    """A compiled SELECT (row locks are taken through app/transactions.py, which asks for the write lock first)."""
    return isinstance(getattr(getattr(context, "compiled", None), "statement", None), Select)
