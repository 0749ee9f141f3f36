"""corrigenda: recorded changes of deadline and opening time

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 20:37:52.729171

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('corrigendum',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('old_submission_deadline_at', sa.DateTime(), nullable=False),
    sa.Column('new_submission_deadline_at', sa.DateTime(), nullable=False),
    sa.Column('old_opening_at', sa.DateTime(), nullable=False),
    sa.Column('new_opening_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_corrigendum_issued_by_id_user_account')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_corrigendum_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_corrigendum'))
    )
    with op.batch_alter_table('corrigendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corrigendum_tender_id'), ['tender_id'], unique=False)



def downgrade():
    with op.batch_alter_table('corrigendum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corrigendum_tender_id'))

    op.drop_table('corrigendum')
