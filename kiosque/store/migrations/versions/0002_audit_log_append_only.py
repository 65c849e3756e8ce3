"""The database itself keeps the audit log append-only: triggers refuse to change or
remove an entry, whatever the client (the model and the repository refuse it already, but
only inside the app).

No exception is made: nothing in the product deletes audit entries. Retention purge
(``kiosque.retention``, ``Retention.purge``) and erasure (``People.erase_person``) leave
the log alone, as it holds no personal data. A retention period for the log would come
with its own migration replacing these triggers.

- SQLite: ``BEFORE UPDATE`` and ``BEFORE DELETE`` triggers that ``RAISE(ABORT, …)``.
- PostgreSQL: one trigger function raising ``restrict_violation`` (SQLSTATE 23001), fired
  before each row's UPDATE or DELETE, and before a TRUNCATE (which fires no DELETE
  trigger).

Both backends report an integrity error (``sqlalchemy.exc.IntegrityError``). The triggers
guard against mistakes and stray SQL, not against the database's owner, who may drop
them. On SQLite, a later migration that rebuilds ``audit_log`` in batch mode (copy and
rename) drops its triggers with the old table and must create them again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "audit_log"
MESSAGE = "Le journal des actions des agents ne se modifie pas (ajout seulement)."
FUNCTION = "audit_log_refuse_change"

# (name, timing and events[, granularity])
_SQLITE_TRIGGERS = (
    ("audit_log_no_update", "BEFORE UPDATE"),
    ("audit_log_no_delete", "BEFORE DELETE"),
)
_PG_TRIGGERS = (
    ("audit_log_no_update_or_delete", "BEFORE UPDATE OR DELETE", "FOR EACH ROW"),
    ("audit_log_no_truncate", "BEFORE TRUNCATE", "FOR EACH STATEMENT"),
)


def _dialect() -> str:
    # From the migration context, not a connection: works in offline (SQL script) mode.
    return op.get_context().dialect.name


def upgrade() -> None:
    dialect = _dialect()
    if dialect == "sqlite":
        for name, when in _SQLITE_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} {when} ON {TABLE} FOR EACH ROW "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            f"    RAISE EXCEPTION '{MESSAGE} (% refusé)', TG_OP\n"
            "        USING ERRCODE = 'restrict_violation';\n"
            "END\n"
            "$$"
        )
        for name, when, each in _PG_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} {when} ON {TABLE} {each} EXECUTE FUNCTION {FUNCTION}()"
            )
    else:
        raise NotImplementedError(f"journal d'audit : base {dialect} non prise en charge")


def downgrade() -> None:
    dialect = _dialect()
    if dialect == "sqlite":
        for name, _when in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        for name, _when, _each in _PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
