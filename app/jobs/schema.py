"""procrastinate's tables, types and functions in the application's database (PostgreSQL only).

Migration 0015_job_queue applies the schema SQL the installed procrastinate ships; upgrading procrastinate to a
release with schema changes needs a migration applying its delta files (`procrastinate schema --migrations-path`).
The models know nothing of these tables, so comparing models and database leaves them out (`is_application_name`).
"""
from __future__ import annotations

PREFIX = "procrastinate_"

DROP_SQL = """
DROP TABLE IF EXISTS procrastinate_periodic_defers, procrastinate_events, procrastinate_jobs, procrastinate_workers
    CASCADE;
DO $$
DECLARE routine regprocedure;
BEGIN
    FOR routine IN SELECT p.oid::regprocedure FROM pg_proc p
                   WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'procrastinate\\_%'
    LOOP
        EXECUTE 'DROP FUNCTION ' || routine || ' CASCADE';
    END LOOP;
END $$;
DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type, procrastinate_job_status CASCADE;
"""


def schema_sql() -> str:
    """The SQL creating procrastinate's schema, as the installed release ships it."""
    from procrastinate.schema import SchemaManager

    return SchemaManager.get_schema()


def is_application_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name: everything but the job queue's tables (the models do not describe them)."""
    return not (type_ == "table" and name is not None and name.startswith(PREFIX))
