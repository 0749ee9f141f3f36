"""rendered documents: cache of evaluation reports and debrief letters, keyed by their data's hash

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rendered_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress_done', sa.Integer(), nullable=False),
    sa.Column('progress_total', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('report', 'debrief')", name=op.f('ck_rendered_document_kind')),
    sa.CheckConstraint("status IN ('rendering', 'done', 'failed')", name=op.f('ck_rendered_document_status')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_rendered_document_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'],
                            name=op.f('fk_rendered_document_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_rendered_document_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rendered_document')),
    sa.UniqueConstraint('key', name=op.f('uq_rendered_document_key'))
    )
    with op.batch_alter_table('rendered_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rendered_document_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rendered_document_tender_id'), ['tender_id'], unique=False)


def downgrade():
    with op.batch_alter_table('rendered_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rendered_document_tender_id'))
        batch_op.drop_index(batch_op.f('ix_rendered_document_organisation_id'))
    op.drop_table('rendered_document')
