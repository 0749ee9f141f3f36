"""missing-answer resolutions get a kind (minimum, exclude, clarified) instead of free points

A blank earns no points of its own: a missing answer is scored at its rule's minimum, is the ground
for excluding the bid, or is completed by the bidder's answer to a recorded clarification request
(Directive 2014/24/EU Art. 56(3)). The old "points" column goes.

Existing rows all become kind "minimum", whatever their points, and keep their reason and author:
- the old page asked for a percentage of the maximum but the engine read the number on the rule's
  own scale (0-5 for a judgement), so a stored number does not prove what the officer meant: 60 could
  be 60% or an impossible 60 of 5, 5 could be 5% or full marks;
- points above the rule's minimum for a blank are exactly what Art. 56(3) allows only through a
  recorded clarification, and no row records one;
- the minimum is the one outcome that gives a blank no free points; points of 0 (the usual case) score
  the same as before on every rule whose minimum is 0.
The number each officer entered stays in the hash-chained audit log (action bid.resolve_missing,
details.points). A chair who did ask the bidder can withdraw the converted resolution before
finalisation and record the clarification.

The downgrade gives minimum rows 0 points and refuses to run while exclusions or clarifications are
recorded, rather than lose them.

Revision ID: 0011_resolutions
Revises: 0010_throttle
Create Date: 2026-11-30 20:55:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_resolutions'
down_revision = '0010_throttle'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='minimum'))
        batch_op.add_column(sa.Column('clarification_request', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('requested_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('answer', sa.JSON(none_as_null=True), nullable=True))
        batch_op.add_column(sa.Column('evidence', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('is_bid_unchanged', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.alter_column('kind', server_default=None)
        batch_op.alter_column('is_bid_unchanged', server_default=None)
        batch_op.create_check_constraint(batch_op.f('ck_resolution_kind'), "kind IN ('minimum', 'exclude', 'clarified')")
        batch_op.drop_column('points')


def downgrade():
    kept = op.get_bind().scalar(sa.text("SELECT count(*) FROM resolution WHERE kind != 'minimum'"))
    if kept:
        raise RuntimeError(f"{kept} resolutions record an exclusion or a clarification, which the old schema "
                           "cannot hold; withdraw them before downgrading")
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('points', sa.Numeric(precision=9, scale=4), nullable=False,
                                      server_default='0'))
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.alter_column('points', server_default=None)
        batch_op.drop_constraint(batch_op.f('ck_resolution_kind'), type_='check')
        batch_op.drop_column('is_bid_unchanged')
        batch_op.drop_column('evidence')
        batch_op.drop_column('answer')
        batch_op.drop_column('requested_on')
        batch_op.drop_column('clarification_request')
        batch_op.drop_column('kind')
