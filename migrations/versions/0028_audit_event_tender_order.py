"""audit events indexed by tender in chain order: (tender_id, id) in place of tender_id alone

A report's data version names the tender's last event, read at every poll of its status page: with this index it
is found in one step however many events the tender has (an index on tender_id alone made PostgreSQL read and
sort all of them: 500 bids, some 500 events). The old index is a prefix of the new one, so it goes.

Revision ID: 0028_audit_event_tender_order
Revises: 0027_call_offs
Create Date: 2026-12-02 04:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0028_audit_event_tender_order'
down_revision = '0027_call_offs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_audit_event_tender_id_id', 'audit_event', ['tender_id', 'id'])
    op.drop_index('ix_audit_event_tender_id', 'audit_event')


def downgrade():
    op.create_index('ix_audit_event_tender_id', 'audit_event', ['tender_id'])
    op.drop_index('ix_audit_event_tender_id_id', 'audit_event')
