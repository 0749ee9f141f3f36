"""audit log signed with a key outside the database: event MACs, signed checkpoints, no INSERT OR REPLACE

Revision ID: 0009_audit_chain
Revises: 0008_weights

Adds audit_event.mac (the HMAC of each event's hash under the audit key) and the append-only
audit_checkpoint table, signs the events already stored, and on SQLite refuses INSERT OR REPLACE
and upserts over stored rows (REPLACE deletes the old row without firing DELETE triggers).
No batch mode here: it would copy audit_event and lose the triggers of 0002.
"""
import hashlib
import hmac

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0009_audit_chain"
down_revision = "0008_weights"
branch_labels = None
depends_on = None

TABLES = ("audit_event", "audit_checkpoint")
# Columns that identify a stored row: an insert that would collide with one is an attempt to replace it.
IDENTITY_COLUMNS = {"audit_event": ("id", "seq", "prev_sha256", "sha256"), "audit_checkpoint": ("id",)}


def upgrade():
    op.add_column("audit_event", sa.Column("mac", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("head_sha256", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoint")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def _sign_stored_events() -> None:
    """Seal the chain as it stands with the audit key (the formula of app/audit/signing.py's event_mac)."""
    key = current_app.config["RESBID_AUDIT_KEY"].encode("utf-8")
    bind = op.get_bind()
    for event_id, sha256 in bind.execute(sa.text("SELECT id, sha256 FROM audit_event ORDER BY seq")).all():
        mac = hmac.new(key, b"event:" + sha256.encode("ascii"), hashlib.sha256).hexdigest()
        bind.execute(sa.text("UPDATE audit_event SET mac = :mac WHERE id = :id"), {"mac": mac, "id": event_id})


def _postgresql_upgrade() -> None:
    op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete")
    _sign_stored_events()
    op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete")
    op.execute("""
        CREATE FUNCTION audit_refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END;
        $$ LANGUAGE plpgsql
    """)
    op.execute("""
        CREATE TRIGGER audit_checkpoint_no_update_or_delete
        BEFORE UPDATE OR DELETE ON audit_checkpoint
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
    """)
    op.execute("""
        CREATE TRIGGER audit_checkpoint_no_truncate
        BEFORE TRUNCATE ON audit_checkpoint
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()
    """)


def _sqlite_upgrade() -> None:
    op.execute("DROP TRIGGER audit_event_no_update")
    _sign_stored_events()
    for table in TABLES:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()}
                BEFORE {verb} ON {table}
                BEGIN
                    SELECT RAISE(ABORT, '{table} is append-only');
                END
            """)
        collides = " OR ".join(f"{column} = NEW.{column}" for column in IDENTITY_COLUMNS[table])
        op.execute(f"""
            CREATE TRIGGER {table}_no_replace
            BEFORE INSERT ON {table}
            WHEN EXISTS (SELECT 1 FROM {table} WHERE {collides})
            BEGIN
                SELECT RAISE(ABORT, '{table} is append-only');
            END
        """)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_checkpoint")
        op.execute("DROP FUNCTION audit_refuse_change()")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
        op.execute("DROP TABLE audit_checkpoint")
    op.drop_column("audit_event", "mac")
