"""Retention: delete what is older than the configured period."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select

from kiosque.store.models import (
    CafAccount,
    CafCode,
    FcAccount,
    KioskSession,
    LoginAttempt,
    MailMessageRow,
    Receipt,
    RetraiteAccount,
    RisRequest,
)
from kiosque.store.repos._base import Repository


class PurgeTarget(StrEnum):
    SESSIONS = "sessions"  # kiosk sessions last updated before, with their receipts
    RECEIPTS = "receipts"  # receipts issued before
    MAIL = "mail"  # simulated e-mails and SMS received before
    LOGIN_ATTEMPTS = "login_attempts"
    RIS_REQUESTS = "ris_requests"
    CAF_CODES = "caf_codes"
    EXPIRED_ACTIVATIONS = "expired_activations"  # pending accounts whose link expired before
    ACCOUNTS = "accounts"  # practice accounts created before (never the personas)


class Retention(Repository):
    """The audit log is not purged here: it is append-only and holds no personal data
    (the database refuses any DELETE on it: migration 0002)."""

    def purge(self, before: datetime, what: PurgeTarget | Iterable[PurgeTarget]) -> dict[str, int]:
        """Rows deleted per table."""
        targets = [what] if isinstance(what, PurgeTarget) else list(what)
        purgers: dict[PurgeTarget, Callable[[datetime], list[tuple[str, int]]]] = {
            PurgeTarget.SESSIONS: self._purge_sessions,
            PurgeTarget.RECEIPTS: self._purge_receipts,
            PurgeTarget.MAIL: self._purge_mail,
            PurgeTarget.LOGIN_ATTEMPTS: self._purge_login_attempts,
            PurgeTarget.RIS_REQUESTS: self._purge_ris_requests,
            PurgeTarget.CAF_CODES: self._purge_caf_codes,
            PurgeTarget.EXPIRED_ACTIVATIONS: self._purge_expired_activations,
            PurgeTarget.ACCOUNTS: self._purge_accounts,
        }
        counts: dict[str, int] = {}
        for target in targets:
            for table, number in purgers[target](before):
                counts[table] = counts.get(table, 0) + number
        self.session.expunge_all()
        return counts

    def _delete(self, model: type[Any], condition: Any) -> tuple[str, int]:
        result = self.session.execute(
            delete(model).where(condition).execution_options(synchronize_session=False)
        )
        return model.__tablename__, int(getattr(result, "rowcount", 0) or 0)

    def _purge_sessions(self, before: datetime) -> list[tuple[str, int]]:
        old = select(KioskSession.id).where(KioskSession.updated_at < before)
        return [
            self._delete(Receipt, Receipt.session_id.in_(old)),
            self._delete(KioskSession, KioskSession.updated_at < before),
        ]

    def _purge_receipts(self, before: datetime) -> list[tuple[str, int]]:
        return [self._delete(Receipt, Receipt.issued_at < before)]

    def _purge_mail(self, before: datetime) -> list[tuple[str, int]]:
        return [self._delete(MailMessageRow, MailMessageRow.created_at < before)]

    def _purge_login_attempts(self, before: datetime) -> list[tuple[str, int]]:
        return [self._delete(LoginAttempt, LoginAttempt.at < before)]

    def _purge_ris_requests(self, before: datetime) -> list[tuple[str, int]]:
        return [self._delete(RisRequest, RisRequest.requested_at < before)]

    def _purge_caf_codes(self, before: datetime) -> list[tuple[str, int]]:
        return [self._delete(CafCode, CafCode.created_at < before)]

    def _purge_expired_activations(self, before: datetime) -> list[tuple[str, int]]:
        expired = select(RetraiteAccount.id).where(
            RetraiteAccount.status == "pending", RetraiteAccount.activation_expires_at < before
        )
        return self._retraite_accounts(expired)

    def _purge_accounts(self, before: datetime) -> list[tuple[str, int]]:
        retraite = select(RetraiteAccount.id).where(
            RetraiteAccount.created_at < before, RetraiteAccount.is_persona.is_(False)
        )
        caf = select(CafAccount.id).where(
            CafAccount.created_at < before, CafAccount.is_persona.is_(False)
        )
        fc_old = (FcAccount.created_at < before) & FcAccount.is_persona.is_(False)
        return [
            *self._retraite_accounts(retraite),
            self._delete(CafCode, CafCode.account_id.in_(caf)),
            self._delete(CafAccount, CafAccount.id.in_(caf)),
            self._delete(FcAccount, fc_old),
        ]

    def _retraite_accounts(self, ids_query: Any) -> list[tuple[str, int]]:
        ids = list(self.session.scalars(ids_query))
        return [
            self._delete(LoginAttempt, LoginAttempt.account_id.in_(ids)),
            self._delete(RisRequest, RisRequest.account_id.in_(ids)),
            self._delete(RetraiteAccount, RetraiteAccount.id.in_(ids)),
        ]
