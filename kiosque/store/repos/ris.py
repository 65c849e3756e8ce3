"""Assurance retraite: requests of the Relevé Individuel de Situation (RIS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from kiosque.store.models import RisRequest, new_id
from kiosque.store.repos._base import Repository


@dataclass(frozen=True)
class RisRequestRecord:
    id: str
    account_id: str
    requested_at: datetime
    available_at: datetime
    document_date: date


class RisRequests(Repository):
    """One RIS request per account and local day (DB-enforced, see :class:`RisRequest`)."""

    table = RisRequest.__tablename__

    def last(self, account_id: str) -> RisRequestRecord | None:
        row = self.session.scalars(
            select(RisRequest)
            .where(RisRequest.account_id == account_id)
            .order_by(RisRequest.requested_at.desc())
            .limit(1)
        ).first()
        return None if row is None else _ris(row)

    def list_for(self, account_id: str) -> list[RisRequestRecord]:
        rows = self.session.scalars(
            select(RisRequest)
            .where(RisRequest.account_id == account_id)
            .order_by(RisRequest.requested_at.desc())
        )
        return [_ris(r) for r in rows]

    def add(
        self,
        account_id: str,
        *,
        requested_at: datetime,
        available_at: datetime,
        document_date: date,
    ) -> RisRequestRecord:
        """:class:`AlreadyExists` if the account already asked on ``document_date``."""
        row = RisRequest(
            id=new_id(),
            account_id=account_id,
            requested_at=requested_at,
            available_at=available_at,
            document_date=document_date,
        )
        self._insert_unique(row, "Une demande de relevé a déjà été faite ce jour.")
        return _ris(row)


def _ris(row: RisRequest) -> RisRequestRecord:
    return RisRequestRecord(
        row.id, row.account_id, row.requested_at, row.available_at, row.document_date
    )
