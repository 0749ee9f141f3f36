"""PostgreSQL privileges of the role the application connects as.

The application role owns no table and may only read and append to the audit tables: without
ownership it can neither update, delete nor truncate audit rows, nor disable, drop or bypass the
append-only triggers, nor rename or drop the tables. Migrations run as the owner role. A bidder's answers to
verification requests and their documents are append-only the same way (app/models/verification.py).
The job queue's tables (procrastinate_*, migration 0015_job_queue) are ordinary tables to it, and it may call the
queue's functions: the web server defers jobs and `flask --app wsgi worker` runs them as this role.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

APPEND_ONLY_TABLES = ("audit_event", "audit_checkpoint", "verification_answer", "verification_document")
READ_ONLY_TABLES = ("alembic_version",)
QUEUE_ROUTINES = (r"SELECT p.oid::regprocedure::text FROM pg_proc p"
                  r" WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'procrastinate\_%'"
                  r" ORDER BY 1")


class RoleProblem(ValueError):
    """The role cannot safely be the application's: the message says why."""


def grant_app_role(connection: Connection, role: str) -> list[str]:
    """Give `role` exactly the application's privileges on the current schema; return the tables granted."""
    if connection.dialect.name != "postgresql":
        raise RoleProblem("database roles apply to PostgreSQL only; SQLite has no roles")
    _check_role(connection, role)
    quoted = connection.dialect.identifier_preparer.quote(role)
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    quoted_schema = connection.dialect.identifier_preparer.quote(schema)
    tables = list(connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :schema "
                                          "ORDER BY tablename"), {"schema": schema}).scalars())
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {quoted_schema} TO {quoted}")
    connection.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {quoted_schema} FROM {quoted}")
    for table in tables:
        connection.exec_driver_sql(f"GRANT {_privileges(table)} ON {quoted_schema}.{table} TO {quoted}")
    connection.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quoted_schema} TO {quoted}")
    for routine in connection.execute(text(QUEUE_ROUTINES)).scalars():
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {routine} TO {quoted}")
    return tables


def _privileges(table: str) -> str:
    if table in APPEND_ONLY_TABLES:
        return "SELECT, INSERT"
    if table in READ_ONLY_TABLES:
        return "SELECT"
    return "SELECT, INSERT, UPDATE, DELETE"


def _check_role(connection: Connection, role: str) -> None:
    """Refuse a role that could switch the guards off: a superuser, or one acting as the tables' owner."""
    found = connection.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :role"), {"role": role}).first()
    if found is None:
        raise RoleProblem(f"no role named {role!r}: create it first (CREATE ROLE {role} LOGIN PASSWORD ...)")
    if found.rolsuper:
        raise RoleProblem(f"{role} is a superuser: it could disable the audit log's triggers")
    owner = connection.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event' "
                                    "AND schemaname = current_schema()")).scalar()
    if owner is None:
        raise RoleProblem("the schema has no audit_event table: run `flask --app wsgi db upgrade` first")
    if connection.execute(text("SELECT pg_has_role(:role, :owner, 'USAGE')"),
                          {"role": role, "owner": owner}).scalar():
        raise RoleProblem(f"{role} is, or acts as, {owner}, the owner of the tables: use a role of its own")
