"""languages: each user's interface language and each tender's procedure language

user_account.language is the user's choice (NULL: the browser's Accept-Language decides); tender.language is the
language the procedure is conducted in, its documents written in (en, de or fr; existing tenders: en).

Revision ID: 0017_languages
Revises: 0016_large_columns_last
Create Date: 2026-12-20 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_languages'
down_revision = '0016_large_columns_last'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    with op.batch_alter_table('tender', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=False, server_default='en'))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): recreating the table would break the rows that refer to it.
    with op.batch_alter_table('tender', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('language')
