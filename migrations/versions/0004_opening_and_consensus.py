"""evaluation: opening confirmations (four eyes), consensus start

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 20:31:04.161658

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('opening_confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_opening_confirmation_tender_id_tender')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_opening_confirmation_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_confirmation')),
    sa.UniqueConstraint('tender_id', 'user_id', name=op.f('uq_opening_confirmation_tender_id_user_id'))
    )
    with op.batch_alter_table('opening_confirmation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_confirmation_tender_id'), ['tender_id'], unique=False)

    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consensus_started_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.drop_column('consensus_started_at')

    with op.batch_alter_table('opening_confirmation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opening_confirmation_tender_id'))

    op.drop_table('opening_confirmation')
