"""sign-in throttle remembers the addresses each account has signed in from

Revision ID: 0010_throttle
Revises: 0009_audit_chain
Create Date: 2026-11-27 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_throttle'
down_revision = '0009_audit_chain'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_success',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_success'))
    )
    with op.batch_alter_table('login_success', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_success_email'), ['email'], unique=False)


def downgrade():
    with op.batch_alter_table('login_success', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_success_email'))

    op.drop_table('login_success')
