"""The simulated mailboxes and SMS inboxes of every organism."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kiosque.store.models import MailMessageRow, new_id
from kiosque.store.repos._base import EMAIL, NIR, PHONE, Json, Repository

CHANNEL_PURPOSE = {"email": EMAIL, "sms": PHONE}


@dataclass(frozen=True)
class MailRecord:
    id: str
    channel: str
    organism: str
    kind: str
    payload: Json = field(repr=False)
    created_at: datetime
    expires_at: datetime | None


class Mailbox(Repository):
    """Messages are filed under the keyed hash of their recipient (address or number)."""

    table = MailMessageRow.__tablename__

    def add(
        self,
        *,
        channel: str,
        recipient: str,
        organism: str,
        kind: str,
        payload: Mapping[str, Any],
        created_at: datetime,
        expires_at: datetime | None = None,
        subject_nir: str | None = None,
    ) -> MailRecord:
        """``channel`` is ``email`` or ``sms``; ``subject_nir``, when known, lets erasure
        find the message even after the person changed address."""
        row_id = new_id()
        row = MailMessageRow(
            id=row_id,
            recipient_hash=self._hash(recipient, CHANNEL_PURPOSE[channel]),
            channel=channel,
            subject_hash=None if subject_nir is None else self._hash(subject_nir, NIR),
            organism=organism,
            kind=kind,
            payload_enc=self._enc_json(dict(payload), "payload_enc", row_id),
            created_at=created_at,
            expires_at=expires_at,
        )
        self._insert(row)
        return self._record(row)

    def list_for(
        self, channel: str, recipient: str, *, organism: str | None = None
    ) -> list[MailRecord]:
        """The recipient's messages, newest first."""
        query = select(MailMessageRow).where(
            MailMessageRow.channel == channel,
            MailMessageRow.recipient_hash == self._hash(recipient, CHANNEL_PURPOSE[channel]),
        )
        if organism is not None:
            query = query.where(MailMessageRow.organism == organism)
        rows = self.session.scalars(
            query.order_by(MailMessageRow.created_at.desc(), MailMessageRow.id)
        )
        return [self._record(r) for r in rows]

    def get(self, message_id: str) -> MailRecord | None:
        row = self.session.get(MailMessageRow, message_id)
        return None if row is None else self._record(row)

    def _record(self, row: MailMessageRow) -> MailRecord:
        return MailRecord(
            id=row.id,
            channel=row.channel,
            organism=row.organism,
            kind=row.kind,
            payload=self._dec_json(row.payload_enc, "payload_enc", row.id),
            created_at=row.created_at,
            expires_at=row.expires_at,
        )
