"""What the database's own catalogue says of the audit tables: which tables exist, and which triggers guard them.

Read as compiled SELECTs, never as SQL text: a request that reads begins no transaction until it writes
(app/extensions.py), and any other statement would begin one, on SQLite with the write lock. So verifying the
whole log, on request, makes no other writer wait.
"""
from __future__ import annotations

from sqlalchemy import Text, cast, column, func, select, table
from sqlalchemy.dialects.postgresql import OID

from app.extensions import db

_SQLITE_MASTER = table("sqlite_master", column("type"), column("name"), column("tbl_name"))
_PG_TABLES = table("pg_tables", column("schemaname"), column("tablename"))
_PG_CLASS = table("pg_class", column("oid"), column("relname"), column("relnamespace"))
_PG_TRIGGER = table("pg_trigger", column("tgname"), column("tgrelid"), column("tgenabled"))


def dialect() -> str:
    return db.session.get_bind().dialect.name


def table_names() -> set[str]:
    """The tables of the application's schema."""
    if dialect() == "postgresql":
        query = select(_PG_TABLES.c.tablename).where(_PG_TABLES.c.schemaname == func.current_schema())
    else:
        query = select(_SQLITE_MASTER.c.name).where(_SQLITE_MASTER.c.type == "table")
    return set(db.session.scalars(query))


def enabled_triggers(tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """(table, trigger) of every trigger on these tables that fires (PostgreSQL can switch one off)."""
    if dialect() == "postgresql":
        query = (select(_PG_CLASS.c.relname, _PG_TRIGGER.c.tgname)
                 .select_from(_PG_TRIGGER.join(_PG_CLASS, _PG_CLASS.c.oid == _PG_TRIGGER.c.tgrelid))
                 .where(_PG_CLASS.c.relname.in_(tables),
                        _PG_CLASS.c.relnamespace == cast(func.to_regnamespace(func.current_schema()), OID),
                        cast(_PG_TRIGGER.c.tgenabled, Text).in_(("O", "A"))))
    else:
        query = (select(_SQLITE_MASTER.c.tbl_name, _SQLITE_MASTER.c.name)
                 .where(_SQLITE_MASTER.c.type == "trigger", _SQLITE_MASTER.c.tbl_name.in_(tables)))
    return [(name, trigger) for name, trigger in db.session.execute(query)]
