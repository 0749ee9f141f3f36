"""checked workbooks: the file a bidder checked, kept sealed for its organisation for 24 hours so it can be submitted
without choosing it again

Revision ID: 0012_checked_workbooks
Revises: 0011_resolutions
Create Date: 2026-12-01 01:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_checked_workbooks'
down_revision = '0011_resolutions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checked_workbook',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('checked_by_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('workbook', sa.LargeBinary(), nullable=False),
    sa.Column('workbook_sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user_account.id'],
                            name=op.f('fk_checked_workbook_checked_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_checked_workbook_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_checked_workbook_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checked_workbook')),
    sa.UniqueConstraint('tender_id', 'organisation_id', name=op.f('uq_checked_workbook_tender_id_organisation_id'))
    )
    with op.batch_alter_table('checked_workbook', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checked_workbook_checked_at'), ['checked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_checked_workbook_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checked_workbook_tender_id'), ['tender_id'], unique=False)


def downgrade():
    with op.batch_alter_table('checked_workbook', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checked_workbook_tender_id'))
        batch_op.drop_index(batch_op.f('ix_checked_workbook_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_checked_workbook_checked_at'))
    op.drop_table('checked_workbook')
