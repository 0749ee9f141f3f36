"""the job queue's tables on PostgreSQL (procrastinate; SQLite runs jobs in-process and needs none), and the context
a rendered document's job reads (the job carries only the row's id)

Revision ID: 0015_job_queue
Revises: 0014_evaluation_results
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.jobs.schema import DROP_SQL, schema_sql

# revision identifiers, used by Alembic.
revision = '0015_job_queue'
down_revision = '0014_evaluation_results'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rendered_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('context_json', sa.Text(), nullable=True))
    _execute_script(schema_sql())


def downgrade():
    _execute_script(DROP_SQL)
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0013 does.
    with op.batch_alter_table('rendered_document', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('context_json')


def _execute_script(script: str) -> None:
    """Several statements through the driver itself, in the migration's transaction: no parameters, so psycopg
    neither rejects the script nor reads its % signs and colons as placeholders (SQLAlchemy's text() would)."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.connection.driver_connection.execute(script)
