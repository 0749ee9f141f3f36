"""Tampering with the audit tables as an attacker with full write access to the database, but not the key files."""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine


def tamper(engine: Engine, statement: str, **params) -> None:
    """Run `statement` past the append-only triggers, then leave them as they were.

    PostgreSQL: as the tables' owner, with triggers skipped for this transaction (session_replication_role).
    SQLite: drop the triggers, run the statement, create them again.
    """
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.execute(text(statement), params)
            return
        triggers = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                           "AND tbl_name IN ('audit_event', 'audit_checkpoint')")).all()
        for name, _sql in triggers:
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
        connection.execute(text(statement), params)
        for _name, sql in triggers:
            connection.exec_driver_sql(sql)
