"""a criterion's weight may be stored as its share of the whole tender, as the officer entered it

Revision ID: 0008_weights
Revises: 0007
Create Date: 2026-11-30 20:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_weights'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_of_total', sa.Numeric(precision=9, scale=4), nullable=True))


def downgrade():
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_column('share_of_total')
