"""staff sessions and uploads: a version on each staff account, bumped to end its sessions; the sample rows
of an uploaded response file, kept so the mapping page does not read the file again

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('consultation_upload', schema=None) as batch_op:
        batch_op.add_column(sa.Column('samples', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('consultation_upload', schema=None) as batch_op:
        batch_op.drop_column('samples')
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
