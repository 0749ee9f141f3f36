"""verification requests: the committee's questions on a bid's claims, the bidder's answers and documents, the
outcome (app/models/verification.py); resolution.kind may be "unsubstantiated" (an answered claim found not
substantiated, scored at the rule's minimum)

Revision ID: 0024_verification_requests
Revises: 0023_document_rules
Create Date: 2026-12-01 17:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024_verification_requests'
down_revision = '0023_document_rules'
branch_labels = None
depends_on = None

RESOLUTION_KIND = 'ck_resolution_kind'


def upgrade():
    _resolution_kinds("'minimum', 'exclude', 'clarified', 'unsubstantiated'")
    op.create_table('verification_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('supply_line_id', sa.Integer(), nullable=True),
    sa.Column('lot_number', sa.Integer(), nullable=True),
    sa.Column('reply_by', sa.DateTime(), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('consequence', sa.String(length=20), nullable=True),
    sa.Column('criterion_code', sa.String(length=40), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),  # large columns last (0016_large_columns_last)
    sa.Column('outcome_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('verified', 'not_verified', 'clarified')",
                       name=op.f('ck_verification_request_outcome')),
    sa.CheckConstraint("consequence IS NULL OR consequence IN ('minimum', 'exclude_57_4_h', 'exclude_57_4_i')",
                       name=op.f('ck_verification_request_consequence')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_verification_request_tender_id_tender')),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_verification_request_bid_id_bid')),
    sa.ForeignKeyConstraint(['supply_line_id'], ['supply_line.id'],
                            name=op.f('fk_verification_request_supply_line_id_supply_line')),
    sa.ForeignKeyConstraint(['asked_by_id'], ['user_account.id'],
                            name=op.f('fk_verification_request_asked_by_id_user_account')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                            name=op.f('fk_verification_request_decided_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_request'))
    )
    op.create_index(op.f('ix_verification_request_tender_id'), 'verification_request', ['tender_id'], unique=False)
    op.create_index(op.f('ix_verification_request_bid_id'), 'verification_request', ['bid_id'], unique=False)
    op.create_table('verification_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['verification_request.id'],
                            name=op.f('fk_verification_answer_request_id_verification_request')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'],
                            name=op.f('fk_verification_answer_answered_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_answer'))
    )
    op.create_index(op.f('ix_verification_answer_request_id'), 'verification_answer', ['request_id'], unique=False)
    op.create_table('verification_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('file_format', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['verification_answer.id'],
                            name=op.f('fk_verification_document_answer_id_verification_answer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_document'))
    )
    op.create_index(op.f('ix_verification_document_answer_id'), 'verification_document', ['answer_id'],
                    unique=False)


def downgrade():
    op.execute("DELETE FROM resolution WHERE kind = 'unsubstantiated'")
    _resolution_kinds("'minimum', 'exclude', 'clarified'")
    op.drop_index(op.f('ix_verification_document_answer_id'), table_name='verification_document')
    op.drop_table('verification_document')
    op.drop_index(op.f('ix_verification_answer_request_id'), table_name='verification_answer')
    op.drop_table('verification_answer')
    op.drop_index(op.f('ix_verification_request_bid_id'), table_name='verification_request')
    op.drop_index(op.f('ix_verification_request_tender_id'), table_name='verification_request')
    op.drop_table('verification_request')


def _resolution_kinds(allowed: str) -> None:
    # SQLite changes a constraint by copying the table (no other table refers to this one).
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(RESOLUTION_KIND), type_='check')
        batch_op.create_check_constraint(op.f(RESOLUTION_KIND), f"kind IN ({allowed})")
