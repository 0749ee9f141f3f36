"""plausibility rules: the end-of-life recycling input rates a tender publishes for the plausibility flags

tender.plausibility_rules holds the published `plausibility` key of tender.yaml (scoring/plausibility_rules.py);
NULL: no rates published, so an existing tender flags no recycled share.

Revision ID: 0026_plausibility_rules
Revises: 0025_contracts
Create Date: 2026-12-01 18:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026_plausibility_rules'
down_revision = '0025_contracts'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('tender', sa.Column('plausibility_rules', sa.JSON(none_as_null=True), nullable=True))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0023_document_rules: the tenders' rows stay.
    op.drop_column('tender', 'plausibility_rules')
