"""The schema is made only by migrations, and they agree with the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db
from app.jobs.schema import is_application_name


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection,
                                             opts={"compare_type": True, "include_name": is_application_name})
        differences = compare_metadata(context, db.metadata)
    assert differences == []  # the job queue's tables (PostgreSQL) are procrastinate's, not the models'
