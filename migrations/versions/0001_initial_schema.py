"""initial schema: organisations, users, tenders, criteria, committee, bids, scores, audit log

Revision ID: 0001
Revises:
Create Date: 2026-11-25 19:54:46.280869

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_email'), ['email'], unique=False)

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('controlling_entity', sa.String(length=200), nullable=True),
    sa.Column('controlling_country', sa.String(length=2), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('authority', 'operator')", name=op.f('ck_organisation_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('name', name=op.f('uq_organisation_name'))
    )
    op.create_table('tender',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('cpv_code', sa.String(length=16), nullable=False),
    sa.Column('estimated_value', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submission_deadline_at', sa.DateTime(), nullable=True),
    sa.Column('opening_at', sa.DateTime(), nullable=True),
    sa.Column('weighting', sa.String(length=10), nullable=False),
    sa.Column('bill_of_materials', sa.JSON(), nullable=False),
    sa.Column('tie_break', sa.JSON(), nullable=False),
    sa.Column('abnormally_low', sa.JSON(), nullable=False),
    sa.Column('eligibility', sa.JSON(), nullable=False),
    sa.Column('award_method', sa.String(length=20), nullable=False),
    sa.Column('is_two_envelope', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('finalised_at', sa.DateTime(), nullable=True),
    sa.Column('result_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'published', 'closed', 'opened', 'evaluating', 'finalised')", name=op.f('ck_tender_status')),
    sa.ForeignKeyConstraint(['authority_id'], ['organisation.id'], name=op.f('fk_tender_authority_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender')),
    sa.UniqueConstraint('reference', name=op.f('uq_tender_reference'))
    )
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_authority_id'), ['authority_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tender_status'), ['status'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('is_enabled', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'officer', 'bidder', 'auditor')", name=op.f('ck_user_account_role')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_user_account_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('prev_sha256', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_audit_event_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('prev_sha256', name=op.f('uq_audit_event_prev_sha256')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_event_seq')),
    sa.UniqueConstraint('sha256', name=op.f('uq_audit_event_sha256'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_tender_id'), ['tender_id'], unique=False)

    op.create_table('bid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('version_no', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('workbook', sa.LargeBinary(), nullable=False),
    sa.Column('workbook_sha256', sa.String(length=64), nullable=False),
    sa.Column('price', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('exclusion_reason', sa.Text(), nullable=True),
    sa.Column('abnormal_decision', sa.String(length=20), nullable=True),
    sa.Column('abnormal_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('submitted', 'superseded', 'withdrawn')", name=op.f('ck_bid_status')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_bid_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_bid_submitted_by_id_user_account')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_bid_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid')),
    sa.UniqueConstraint('tender_id', 'organisation_id', 'version_no', name=op.f('uq_bid_tender_id_organisation_id_version_no'))
    )
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bid_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bid_tender_id'), ['tender_id'], unique=False)
        batch_op.create_index('uq_bid_one_live_per_bidder', ['tender_id', 'organisation_id'], unique=True, sqlite_where=sa.text("status = 'submitted'"), postgresql_where=sa.text("status = 'submitted'"))

    op.create_table('committee_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_chair', sa.Boolean(), nullable=False),
    sa.Column('is_technical', sa.Boolean(), nullable=False),
    sa.Column('coi_declared_at', sa.DateTime(), nullable=True),
    sa.Column('coi_statement', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_committee_member_tender_id_tender')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_committee_member_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_member')),
    sa.UniqueConstraint('tender_id', 'user_id', name=op.f('uq_committee_member_tender_id_user_id'))
    )
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_member_tender_id'), ['tender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_member_user_id'), ['user_id'], unique=False)

    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tender_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('eforms_type', sa.String(length=10), nullable=False),
    sa.Column('weight', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('max_points', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('min_score', sa.Numeric(precision=9, scale=4), nullable=True),
    sa.Column('rule_kind', sa.String(length=40), nullable=True),
    sa.Column('rule_params', sa.JSON(), nullable=False),
    sa.Column('source', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['criterion.id'], name=op.f('fk_criterion_parent_id_criterion')),
    sa.ForeignKeyConstraint(['tender_id'], ['tender.id'], name=op.f('fk_criterion_tender_id_tender')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
    sa.UniqueConstraint('tender_id', 'code', name=op.f('uq_criterion_tender_id_code'))
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criterion_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_criterion_tender_id'), ['tender_id'], unique=False)

    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion_code', sa.String(length=40), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('place', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_answer_bid_id_bid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('bid_id', 'criterion_code', name=op.f('uq_answer_bid_id_criterion_code'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_bid_id'), ['bid_id'], unique=False)

    op.create_table('score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('evaluator_id', sa.Integer(), nullable=False),
    sa.Column('is_consensus', sa.Boolean(), nullable=False),
    sa.Column('points', sa.Numeric(precision=9, scale=4), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_score_bid_id_bid')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_score_criterion_id_criterion')),
    sa.ForeignKeyConstraint(['evaluator_id'], ['user_account.id'], name=op.f('fk_score_evaluator_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score')),
    sa.UniqueConstraint('bid_id', 'criterion_id', 'evaluator_id', 'is_consensus', name=op.f('uq_score_bid_id_criterion_id_evaluator_id_is_consensus'))
    )
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_evaluator_id'), ['evaluator_id'], unique=False)
        batch_op.create_index('uq_score_one_consensus', ['bid_id', 'criterion_id'], unique=True, sqlite_where=sa.text('is_consensus'), postgresql_where=sa.text('is_consensus'))

    op.create_table('supply_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('material', sa.String(length=20), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('share', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('recycled', sa.Numeric(precision=7, scale=3), nullable=False),
    sa.Column('supplier', sa.String(length=200), nullable=False),
    sa.Column('evidence', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_supply_line_bid_id_bid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supply_line'))
    )
    with op.batch_alter_table('supply_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supply_line_bid_id'), ['bid_id'], unique=False)



def downgrade():
    with op.batch_alter_table('supply_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supply_line_bid_id'))

    op.drop_table('supply_line')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_index('uq_score_one_consensus', sqlite_where=sa.text('is_consensus'), postgresql_where=sa.text('is_consensus'))
        batch_op.drop_index(batch_op.f('ix_score_evaluator_id'))
        batch_op.drop_index(batch_op.f('ix_score_criterion_id'))
        batch_op.drop_index(batch_op.f('ix_score_bid_id'))

    op.drop_table('score')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_bid_id'))

    op.drop_table('answer')
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criterion_tender_id'))
        batch_op.drop_index(batch_op.f('ix_criterion_parent_id'))

    op.drop_table('criterion')
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_member_user_id'))
        batch_op.drop_index(batch_op.f('ix_committee_member_tender_id'))

    op.drop_table('committee_member')
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.drop_index('uq_bid_one_live_per_bidder', sqlite_where=sa.text("status = 'submitted'"), postgresql_where=sa.text("status = 'submitted'"))
        batch_op.drop_index(batch_op.f('ix_bid_tender_id'))
        batch_op.drop_index(batch_op.f('ix_bid_organisation_id'))

    op.drop_table('bid')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_tender_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_organisation_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('tender', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tender_status'))
        batch_op.drop_index(batch_op.f('ix_tender_authority_id'))

    op.drop_table('tender')
    op.drop_table('organisation')
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_email'))
        batch_op.drop_index(batch_op.f('ix_login_failure_at'))
        batch_op.drop_index(batch_op.f('ix_login_failure_address'))

    op.drop_table('login_failure')
