"""contracts: the published contract performance conditions, the contracts a finalised award makes, the
contractor's performance reports and the officer's responses to shortfalls (app/models/contract.py)

Revision ID: 0025_contracts
Revises: 0024_verification_requests
Create Date: 2026-12-01 17:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025_contracts'
down_revision = '0024_verification_requests'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('tender', sa.Column('contract_performance', sa.JSON(none_as_null=True), nullable=True))
    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('lot_number', sa.Integer(), nullable=True),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('commitments', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_contract_bid_id_bid')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_contract_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_contract_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract')),
    sa.UniqueConstraint('tender_id', 'lot_number', name=op.f('uq_contract_tender_id_lot_number'))
    )
    op.create_index(op.f('ix_contract_organisation_id'), 'contract', ['organisation_id'], unique=False)
    op.create_index(op.f('ix_contract_tender_id'), 'contract', ['tender_id'], unique=False)
    op.create_table('performance_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('workbook_sha256', sa.String(length=64), nullable=False),
    sa.Column('supply', sa.JSON(), nullable=False),
    sa.Column('assessment', sa.JSON(), nullable=False),
    sa.Column('workbook', sa.LargeBinary(), nullable=False),  # large columns last (0016_large_columns_last)
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_performance_report_contract_id_contract')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'],
                            name=op.f('fk_performance_report_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_report')),
    sa.UniqueConstraint('contract_id', 'period', name=op.f('uq_performance_report_contract_id_period'))
    )
    op.create_index(op.f('ix_performance_report_contract_id'), 'performance_report', ['contract_id'], unique=False)
    op.create_table('shortfall_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('criterion_code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('accepted', 'remedy', 'amount')", name=op.f('ck_shortfall_response_kind')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                            name=op.f('fk_shortfall_response_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['report_id'], ['performance_report.id'],
                            name=op.f('fk_shortfall_response_report_id_performance_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shortfall_response')),
    sa.UniqueConstraint('report_id', 'criterion_code', name=op.f('uq_shortfall_response_report_id_criterion_code'))
    )
    op.create_index(op.f('ix_shortfall_response_report_id'), 'shortfall_response', ['report_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_shortfall_response_report_id'), table_name='shortfall_response')
    op.drop_table('shortfall_response')
    op.drop_index(op.f('ix_performance_report_contract_id'), table_name='performance_report')
    op.drop_table('performance_report')
    op.drop_index(op.f('ix_contract_tender_id'), table_name='contract')
    op.drop_index(op.f('ix_contract_organisation_id'), table_name='contract')
    op.drop_table('contract')
    op.drop_column('tender', 'contract_performance')
