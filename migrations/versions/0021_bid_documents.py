"""bid documents: the files a bidder adds to a bid version beside its workbook (app/models/bid_document.py)

Revision ID: 0021_bid_documents
Revises: 0020_authority_texts
Create Date: 2026-12-01 15:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_bid_documents'
down_revision = '0020_authority_texts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bid_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('file_format', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),  # large columns last (0016_large_columns_last)
    sa.CheckConstraint("kind IN ('technical_proposal', 'certificate', 'supply_evidence', 'price_breakdown')",
                       name=op.f('ck_bid_document_kind')),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_bid_document_bid_id_bid')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'],
                            name=op.f('fk_bid_document_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_document'))
    )
    op.create_index(op.f('ix_bid_document_bid_id'), 'bid_document', ['bid_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_bid_document_bid_id'), table_name='bid_document')
    op.drop_table('bid_document')
