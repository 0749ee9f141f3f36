"""a tender published with a time limit shorter than Directive 2014/24/EU Art. 27 allows records its ground and reason

publish_ground is one of urgency (Art. 27(3)), prior_information (Art. 27(2)) or below_thresholds (Art. 4);
publish_reason is the officer's words. Both stay empty for a tender published with the standing time limit.

deleted_at marks a deleted draft: the row stays, because its append-only audit events refer to it, but no page
lists or opens it, and its reference is freed (the row keeps a "deleted-<id>" reference).

Revision ID: 0013_publish_ground
Revises: 0012_checked_workbooks
Create Date: 2026-12-01 01:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_publish_ground'
down_revision = '0012_checked_workbooks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publish_ground', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('publish_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): recreating the table would break the rows that refer to it.
    with op.batch_alter_table('tender', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('publish_reason')
        batch_op.drop_column('publish_ground')
