"""SQLite: large columns (bid workbooks, rendered PDFs, stored evaluations) moved to the end of their rows

SQLite stores a row as one record; a value that does not fit its page continues on a chain of overflow pages, and
reading any column stored after it walks that chain. A bid's label, price and decisions came after its workbook
(30 KB), a document's status and SHA-256 after its PDF, a stored evaluation's flags after its result (1 MB for 500
bids): listing 500 bids read 15 MB. Each column is re-added at the end, its values copied, the old one dropped.
PostgreSQL keeps large values out of line (TOAST) and needs nothing.

Revision ID: 0016_large_columns_last
Revises: 0015_job_queue
Create Date: 2026-12-01 05:20:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_large_columns_last'
down_revision = '0015_job_queue'
branch_labels = None
depends_on = None

# table, column, its SQLite type, NOT NULL (a NOT NULL column added to a table needs a default: an empty value,
# which the application never stores)
MOVED = (
    ("bid", "workbook", "BLOB", True),
    ("rendered_document", "pdf", "BLOB", False),
    ("rendered_document", "context_json", "TEXT", False),
    ("evaluation_result", "result", "TEXT", True),
    ("evaluation_result", "sensitivity", "TEXT", False),
)


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, column, kind, not_null in MOVED:
        moved = f"{column}_moved"
        constraint = f" NOT NULL DEFAULT {'X' if kind == 'BLOB' else ''}''" if not_null else ""
        op.execute(f'ALTER TABLE "{table}" ADD COLUMN "{moved}" {kind}{constraint}')
        op.execute(f'UPDATE "{table}" SET "{moved}" = "{column}"')
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        op.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{moved}" TO "{column}"')


def downgrade():
    pass  # only where the values are stored changed
