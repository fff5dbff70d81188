"""service history: each change to a service, field by field; page feedback marked as done by an editor;
directory files uploaded for import, kept from their preview until the import has run

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('service_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.String(length=120), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=255), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_change_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_change'))
    )
    with op.batch_alter_table('service_change', schema=None) as batch_op:
        batch_op.create_index('ix_service_change_service_changed', ['service_id', 'changed_at'], unique=False)
    op.create_table('directory_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('preview', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_upload'))
    )
    with op.batch_alter_table('directory_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_upload_created_by'), ['created_by'], unique=False)
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('done_by', sa.String(length=255), nullable=True))
        batch_op.create_index(batch_op.f('ix_page_feedback_done_at'), ['done_at'], unique=False)


def downgrade():
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_feedback_done_at'))
        batch_op.drop_column('done_by')
        batch_op.drop_column('done_at')
    with op.batch_alter_table('directory_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_upload_created_by'))
    op.drop_table('directory_upload')
    with op.batch_alter_table('service_change', schema=None) as batch_op:
        batch_op.drop_index('ix_service_change_service_changed')
    op.drop_table('service_change')
