"""The day's statistics read the sessions from one index: by start time, with every
column they count (procedure, step reached, status, end time, trouble flags), so the
database never reads the rows themselves (their encrypted answers make them wide).
It replaces the index on the start time alone, which it serves as well.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "kiosk_sessions"
COLUMNS = ["started_at", "procedure", "step", "status", "finished_at", "trouble_flags"]


def upgrade() -> None:
    op.create_index("ix_kiosk_sessions_statistics", TABLE, COLUMNS)
    op.drop_index("ix_kiosk_sessions_started_at", table_name=TABLE)


def downgrade() -> None:
    op.create_index("ix_kiosk_sessions_started_at", TABLE, ["started_at"])
    op.drop_index("ix_kiosk_sessions_statistics", table_name=TABLE)
