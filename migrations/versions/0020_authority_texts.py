"""authority texts: a tender publishing in several languages, its title and criteria in each

tender.languages lists the languages the tender publishes in (the procedure language first; NULL: that one
alone); tender.titles, criterion.names and criterion.descriptions hold the authority's text in each ({language:
text}; NULL: the plain column only). The plain columns keep the procedure language's text, so a tender in one
language is stored exactly as before.

Revision ID: 0020_authority_texts
Revises: 0019_lots
Create Date: 2026-12-01 15:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_authority_texts'
down_revision = '0019_lots'
branch_labels = None
depends_on = None

COLUMNS = (('tender', 'languages'), ('tender', 'titles'), ('criterion', 'names'), ('criterion', 'descriptions'))


def upgrade():
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.JSON(none_as_null=True), nullable=True))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): recreating the tables would break the rows that refer to
    # them. The procedure language's texts stay in the plain columns.
    for table, column in reversed(COLUMNS):
        op.drop_column(table, column)
