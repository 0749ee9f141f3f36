"""lot texts: a lot's title in each language the tender publishes in

tender_lot.titles holds the authority's title of the lot in each published language ({language: text}; NULL: the
plain title only), as 0020_authority_texts does for the tender's title and its criteria. The plain column keeps the
procedure language's text, so a lot of a tender in one language is stored exactly as before.

Revision ID: 0022_lot_texts
Revises: 0021_bid_documents
Create Date: 2026-12-01 17:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_lot_texts'
down_revision = '0021_bid_documents'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('tender_lot', sa.Column('titles', sa.JSON(none_as_null=True), nullable=True))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as 0020_authority_texts: the procedure language's titles stay
    # in the plain column.
    op.drop_column('tender_lot', 'titles')
