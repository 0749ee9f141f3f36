"""call-offs: the call-offs an officer records under a contract reported per call-off, each a reporting period
(app/models/contract.py CallOff)

Revision ID: 0027_call_offs
Revises: 0026_plausibility_rules
Create Date: 2026-12-01 20:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027_call_offs'
down_revision = '0026_plausibility_rules'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('call_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('called_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_call_off_contract_id_contract')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                            name=op.f('fk_call_off_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_off'))
    )
    op.create_index(op.f('ix_call_off_contract_id'), 'call_off', ['contract_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_call_off_contract_id'), table_name='call_off')
    op.drop_table('call_off')
