"""tenders divided into lots (Directive 2014/24/EU Art. 46): tender_lot, bid_lot, lot rules and a lot number on
the rows that differ per lot

A tender without lots keeps its rows as they were (every new lot number null). A unique constraint treats each
null as distinct, so each unique rule of the per-lot rows becomes two: one including the lot number, and a partial
index for the rows without one. SQLite changes a constraint by copying the table; `criterion` is referred to by
`score` and by itself, and SQLite's DROP TABLE checks those references, so the copy runs with foreign keys off
(they can only be switched between transactions) and checks them before it commits.

Revision ID: 0019_lots
Revises: 0018_bundle_documents
Create Date: 2026-12-01 11:00:00

"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_lots'
down_revision = '0018_bundle_documents'
branch_labels = None
depends_on = None

# table, its columns unique per lot (the lot number goes after the first), the constraint they had
UNIQUE = (
    ('criterion', ('tender_id', 'code'), 'uq_criterion_tender_id_code'),
    ('answer', ('bid_id', 'criterion_code'), 'uq_answer_bid_id_criterion_code'),
    ('resolution', ('bid_id', 'criterion_code'), 'uq_resolution_bid_id_criterion_code'),
    ('score', ('bid_id', 'criterion_id', 'evaluator_id', 'is_consensus'),
     'uq_score_bid_id_criterion_id_evaluator_id_is_consensus'),
)
NULL_LOT = sa.text('lot_number IS NULL')


def upgrade():
    op.create_table('tender_lot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('cn_code', sa.String(length=20), nullable=False),
    sa.Column('cpv_code', sa.String(length=16), nullable=False),
    sa.Column('estimated_value', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('bill_of_materials', sa.JSON(none_as_null=True), nullable=True),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_tender_lot_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_lot')),
    sa.UniqueConstraint('tender_id', 'number', name=op.f('uq_tender_lot_tender_id_number'))
    )
    op.create_index(op.f('ix_tender_lot_tender_id'), 'tender_lot', ['tender_id'], unique=False)
    op.create_table('bid_lot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('lot_number', sa.Integer(), nullable=False),
    sa.Column('price', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('exclusion_reason', sa.Text(), nullable=True),
    sa.Column('exclusion_concerns_tenderer', sa.Boolean(), nullable=False),
    sa.Column('abnormal_decision', sa.String(length=20), nullable=True),
    sa.Column('abnormal_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_bid_lot_bid_id_bid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_lot')),
    sa.UniqueConstraint('bid_id', 'lot_number', name=op.f('uq_bid_lot_bid_id_lot_number'))
    )
    op.create_index(op.f('ix_bid_lot_bid_id'), 'bid_lot', ['bid_id'], unique=False)
    op.add_column('tender', sa.Column('lot_rules', sa.JSON(none_as_null=True), nullable=True))
    op.add_column('supply_line', sa.Column('lot_number', sa.Integer(), nullable=True))
    op.drop_index('uq_score_one_consensus', table_name='score', sqlite_where=sa.text('is_consensus'),
                  postgresql_where=sa.text('is_consensus'))
    with _foreign_keys_off():
        for table, columns, old in UNIQUE:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column('lot_number', sa.Integer(), nullable=True))
                batch_op.drop_constraint(old, type_='unique')
                batch_op.create_unique_constraint(f'uq_{table}_lot', [columns[0], 'lot_number', *columns[1:]])
            op.create_index(f'uq_{table}_no_lot', table, list(columns), unique=True, sqlite_where=NULL_LOT,
                            postgresql_where=NULL_LOT)
    _consensus_indexes()


def downgrade():
    """Back to tenders without lots: the rows of tenders with lots cannot be kept in the old form."""
    lotted = "SELECT tender_id FROM tender_lot"
    lotted_bids = f"SELECT id FROM bid WHERE tender_id IN ({lotted})"
    for table in ('answer', 'resolution', 'score', 'supply_line'):
        op.execute(f"DELETE FROM {table} WHERE lot_number IS NOT NULL")
    op.execute("DELETE FROM score WHERE criterion_id IN (SELECT id FROM criterion WHERE lot_number IS NOT NULL)")
    op.execute("UPDATE criterion SET parent_id = NULL WHERE lot_number IS NOT NULL")
    op.execute("DELETE FROM criterion WHERE lot_number IS NOT NULL")
    op.execute(f"DELETE FROM bid_lot WHERE bid_id IN ({lotted_bids})")
    for index in ('uq_score_one_consensus', 'uq_score_one_consensus_lot'):
        op.drop_index(index, table_name='score')
    with _foreign_keys_off():
        for table, columns, old in UNIQUE:
            op.drop_index(f'uq_{table}_no_lot', table_name=table)
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_constraint(f'uq_{table}_lot', type_='unique')
                batch_op.create_unique_constraint(old, list(columns))
                batch_op.drop_column('lot_number')
    op.create_index('uq_score_one_consensus', 'score', ['bid_id', 'criterion_id'], unique=True,
                    sqlite_where=sa.text('is_consensus'), postgresql_where=sa.text('is_consensus'))
    op.drop_column('supply_line', 'lot_number')  # ALTER TABLE DROP COLUMN: SQLite need not copy these tables
    op.drop_column('tender', 'lot_rules')
    op.drop_index(op.f('ix_bid_lot_bid_id'), table_name='bid_lot')
    op.drop_table('bid_lot')
    op.drop_index(op.f('ix_tender_lot_tender_id'), table_name='tender_lot')
    op.drop_table('tender_lot')


def _consensus_indexes():
    op.create_index('uq_score_one_consensus', 'score', ['bid_id', 'criterion_id'], unique=True,
                    sqlite_where=sa.text('is_consensus AND lot_number IS NULL'),
                    postgresql_where=sa.text('is_consensus AND lot_number IS NULL'))
    op.create_index('uq_score_one_consensus_lot', 'score', ['bid_id', 'lot_number', 'criterion_id'], unique=True,
                    sqlite_where=sa.text('is_consensus AND lot_number IS NOT NULL'),
                    postgresql_where=sa.text('is_consensus AND lot_number IS NOT NULL'))


@contextmanager
def _foreign_keys_off():
    """SQLite: the tables copied with foreign keys off (a pragma that only takes effect between transactions),
    every reference checked before the copies commit. PostgreSQL alters constraints in place."""
    if op.get_bind().dialect.name != 'sqlite':
        yield
        return
    op.execute('COMMIT')
    op.execute('PRAGMA foreign_keys = OFF')
    op.execute('BEGIN IMMEDIATE')
    yield
    broken = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
    if broken:
        raise RuntimeError(f"references broken by copying tables: {broken}")
    op.execute('COMMIT')
    op.execute('PRAGMA foreign_keys = ON')
    op.execute('BEGIN IMMEDIATE')
