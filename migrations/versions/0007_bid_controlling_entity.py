"""bids keep the controlling entity their workbook declares

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 21:09:12.563883

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.add_column(sa.Column('controlling_entity', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('controlling_country', sa.String(length=2), nullable=True))



def downgrade():
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.drop_column('controlling_country')
        batch_op.drop_column('controlling_entity')

