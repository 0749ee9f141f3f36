"""evidence bundles are stored documents too: rendered_document.kind may be "bundle"

The bundle is built once per version of the tender's data by a background job, as the report is rendered, and
downloaded from its row (its bytes in the `pdf` column, which holds each document's file).

Revision ID: 0018_bundle_documents
Revises: 0017_languages
Create Date: 2026-12-01 06:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_bundle_documents'
down_revision = '0017_languages'
branch_labels = None
depends_on = None

NAME = 'ck_rendered_document_kind'


def upgrade():
    _kinds("'report', 'debrief', 'bundle'")


def downgrade():
    op.execute("DELETE FROM rendered_document WHERE kind = 'bundle'")
    _kinds("'report', 'debrief'")


def _kinds(allowed: str) -> None:
    # SQLite changes a constraint by copying the table (no other table refers to this one); the column order,
    # large columns last (0016_large_columns_last), is kept.
    with op.batch_alter_table('rendered_document', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_='check')
        batch_op.create_check_constraint(op.f(NAME), f"kind IN ({allowed})")
