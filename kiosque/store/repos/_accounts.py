"""What the organisms' password accounts share: lock-out after repeated failures, the
agent's unlock, and the one-time password-reset token."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import case, literal, select, update

from kiosque.store.models import CafAccount, RetraiteAccount, UTCDateTime
from kiosque.store.repos._base import LOCK_THRESHOLD, NotFound, Repository, require_argon2id

AccountRow = TypeVar("AccountRow", RetraiteAccount, CafAccount)
AccountRecord = TypeVar("AccountRecord")


class LockableAccounts(Repository, Generic[AccountRow, AccountRecord]):
    """Accounts with a password, a count of consecutive failed logins that blocks the
    account at :data:`LOCK_THRESHOLD`, and a reset token kept as a keyed hash.

    A subclass names its ``model``, the hash purpose of its reset tokens, and turns a row
    into its record (:meth:`_record`).
    """

    model: type[AccountRow]
    reset_purpose: str

    def get(self, account_id: str) -> AccountRecord | None:
        return self._one(self.model.id == account_id)

    def find_by_reset_token(self, token: str) -> AccountRecord | None:
        return self._one(self.model.reset_token_hash == self._hash(token, self.reset_purpose))

    def unlock(self, account_id: str) -> None:
        """What the agent does (in the real world: phone assistance)."""
        self._set(account_id, failed_attempts=0, locked_at=None)

    def set_password(self, account_id: str, password_hash: str) -> None:
        """Also spends any pending reset token."""
        self._set(
            account_id,
            password_hash=require_argon2id(password_hash, "mot de passe"),
            reset_token_hash=None,
            reset_expires_at=None,
        )

    def set_reset_token(self, account_id: str, token: str, expires_at: datetime) -> None:
        self._set(
            account_id,
            reset_token_hash=self._hash(token, self.reset_purpose),
            reset_expires_at=expires_at,
        )

    # -- for the subclasses ------------------------------------------------------------

    def _count_failure(self, account_id: str, at: datetime) -> tuple[int, datetime | None]:
        """One more consecutive failure, across terminals, in one atomic statement (two
        terminals failing at once both count); the :data:`LOCK_THRESHOLD`-th blocks the
        account, and a block keeps its first date. Returns the count and the block date."""
        model = self.model
        count = model.failed_attempts + 1
        row = self.session.execute(
            update(model)
            .where(model.id == account_id)
            .values(
                failed_attempts=count,
                locked_at=case(
                    (model.locked_at.is_not(None), model.locked_at),
                    (count >= LOCK_THRESHOLD, literal(at, UTCDateTime())),
                    else_=None,
                ),
            )
            .returning(model.failed_attempts, model.locked_at)
            .execution_options(synchronize_session="fetch")
        ).one_or_none()
        if row is None:
            raise NotFound(account_id)
        return int(row[0]), row[1]

    def _clear_failures(self, account_id: str) -> None:
        """A successful login resets the consecutive-failure count, not a block."""
        model = self.model
        self.session.execute(
            update(model)
            .where(model.id == account_id, model.locked_at.is_(None))
            .values(failed_attempts=0)
            .execution_options(synchronize_session="fetch")
        )

    def _set(self, account_id: str, **values: Any) -> None:
        result = self.session.execute(
            update(self.model)
            .where(self.model.id == account_id)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        if not getattr(result, "rowcount", 0):
            raise NotFound(account_id)

    def _one(self, condition: Any) -> AccountRecord | None:
        row = self.session.scalars(
            select(self.model).where(condition).execution_options(populate_existing=True)
        ).one_or_none()
        return None if row is None else self._record(row)

    def _record(self, row: AccountRow) -> AccountRecord:
        raise NotImplementedError
