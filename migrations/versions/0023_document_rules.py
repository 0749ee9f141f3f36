"""document rules: the formats a tender allows for bid documents and the stages needing evidence

tender.document_rules holds the published `documents` key of tender.yaml (scoring/document_rules.py): only the
keys that differ from the defaults; NULL: every format, no evidence required, so an existing tender is unchanged.

Revision ID: 0023_document_rules
Revises: 0022_lot_texts
Create Date: 2026-12-01 17:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_document_rules'
down_revision = '0022_lot_texts'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('tender', sa.Column('document_rules', sa.JSON(none_as_null=True), nullable=True))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0020_authority_texts: the tenders' rows stay.
    op.drop_column('tender', 'document_rules')
