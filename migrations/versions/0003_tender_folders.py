"""tender folders: CN code, partner group, bid labels, missing-answer resolutions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:03:05.737021

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resolution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion_code', sa.String(length=40), nullable=False),
    sa.Column('points', sa.Numeric(precision=9, scale=4), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_resolution_bid_id_bid')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_resolution_decided_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolution')),
    sa.UniqueConstraint('bid_id', 'criterion_code', name=op.f('uq_resolution_bid_id_criterion_code'))
    )
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolution_bid_id'), ['bid_id'], unique=False)

    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=80), nullable=False, server_default=''))
        batch_op.alter_column('submitted_by_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_bid_tender_id_label_version_no'), ['tender_id', 'label', 'version_no'])

    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cn_code', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('partner_group', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.drop_column('partner_group')
        batch_op.drop_column('cn_code')

    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_bid_tender_id_label_version_no'), type_='unique')
        batch_op.alter_column('submitted_by_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('label')

    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolution_bid_id'))

    op.drop_table('resolution')
