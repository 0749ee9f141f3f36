"""evaluation results stored per version of their inputs, so pages and exports read instead of evaluating

Revision ID: 0014_evaluation_results
Revises: 0013_publish_ground
Create Date: 2026-12-01 04:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_evaluation_results'
down_revision = '0013_publish_ground'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evaluation_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('inputs_key', sa.String(length=64), nullable=False),
    sa.Column('result_sha256', sa.String(length=64), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('sensitivity', sa.Text(), nullable=True),
    sa.Column('is_final', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_evaluation_result_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_result')),
    sa.UniqueConstraint('tender_id', 'inputs_key', name=op.f('uq_evaluation_result_tender_id_inputs_key'))
    )
    with op.batch_alter_table('evaluation_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_result_tender_id'), ['tender_id'], unique=False)


def downgrade():
    with op.batch_alter_table('evaluation_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_result_tender_id'))
    op.drop_table('evaluation_result')
