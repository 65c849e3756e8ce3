"""Everything the store holds about one person, found by NIR: export and erasure."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select

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
from kiosque.store.repos._base import CAF_ID, NIR, Json, Repository
from kiosque.store.repos.caf import CafAccounts
from kiosque.store.repos.franceconnect import FcAccounts
from kiosque.store.repos.mail import Mailbox
from kiosque.store.repos.retraite import RetraiteAccounts
from kiosque.store.repos.ris import RisRequests
from kiosque.store.repos.sessions import KioskSessions, Receipts

_SECRETS = frozenset({"password_hash", "secret_answer_hash", "code_hash"})


@dataclass(frozen=True)
class _Footprint:
    """Ids of the rows that belong to one person."""

    retraite_ids: list[str]
    caf_ids: list[str]
    fc_ids: list[str]
    message_ids: list[str]
    session_ids: list[str]
    receipt_ids: list[str]


class People(Repository):
    """Rights of access and erasure: an agent exports or erases one citizen's data.

    A person is found by the keyed hash of their NIR, and from their accounts, by the
    hashes of their e-mail addresses and phone numbers (for the mailboxes and the kiosk
    sessions where they typed them).
    """

    def export_person(self, nir: str) -> Json:
        """A JSON-ready dict of everything held about the person, decrypted. Password
        and answer hashes are left out (they are not the person's data to take away)."""
        fp = self._footprint(nir)
        retraite = RetraiteAccounts(self.session, self.cipher)
        ris = RisRequests(self.session, self.cipher)
        caf = CafAccounts(self.session, self.cipher)
        fc = FcAccounts(self.session, self.cipher)
        mail = Mailbox(self.session, self.cipher)
        sessions = KioskSessions(self.session, self.cipher)
        receipts = Receipts(self.session, self.cipher)
        out: Json = {
            "retraite": [],
            "caf": [],
            "franceconnect": [_plain(fc.get(i)) for i in fp.fc_ids],
            "messages": [_plain(mail.get(i)) for i in fp.message_ids],
            "sessions": [_plain(sessions.get(i)) for i in fp.session_ids],
            "recus": [_plain(receipts.get(i)) for i in fp.receipt_ids],
        }
        for account_id in fp.retraite_ids:
            data = _plain(retraite.get(account_id))
            data["tentatives_de_connexion"] = [
                _plain(a) for a in retraite.attempts(account_id, limit=10_000)
            ]
            data["demandes_ris"] = [_plain(r) for r in ris.list_for(account_id)]
            out["retraite"].append(data)
        for account_id in fp.caf_ids:
            data = _plain(caf.get(account_id))
            data["codes"] = len(
                self.session.scalars(
                    select(CafCode.id).where(CafCode.account_id == account_id)
                ).all()
            )
            out["caf"].append(data)
        return out

    def erase_person(self, nir: str) -> dict[str, int]:
        """Delete every row that holds the person: accounts at the three organisms with
        their attempts, RIS requests and codes; their messages; the kiosk sessions where
        they typed their NIR or e-mail, and those sessions' receipts. Returns the rows
        deleted per table. Follow with :func:`kiosque.store.db.checkpoint` so that the
        freed pages leave the files too."""
        fp = self._footprint(nir)
        targets: list[tuple[type[Any], Any, list[str]]] = [
            (MailMessageRow, MailMessageRow.id, fp.message_ids),
            (Receipt, Receipt.id, fp.receipt_ids),
            (KioskSession, KioskSession.id, fp.session_ids),
            (LoginAttempt, LoginAttempt.account_id, fp.retraite_ids),
            (RisRequest, RisRequest.account_id, fp.retraite_ids),
            (RetraiteAccount, RetraiteAccount.id, fp.retraite_ids),
            (CafCode, CafCode.account_id, fp.caf_ids),
            (CafAccount, CafAccount.id, fp.caf_ids),
            (FcAccount, FcAccount.id, fp.fc_ids),
        ]
        counts: dict[str, int] = {}
        for model, column, ids in targets:
            result = self.session.execute(
                delete(model).where(column.in_(ids)).execution_options(synchronize_session=False)
            )
            counts[model.__tablename__] = int(getattr(result, "rowcount", 0) or 0)
        self.session.expunge_all()  # deleted rows must not linger in the identity map
        return counts

    def _footprint(self, nir: str) -> _Footprint:
        nir_hash = self._hash(nir, NIR)
        recipients: set[str] = set()

        def collect(rows: Any) -> list[str]:
            ids = []
            for row in rows:
                ids.append(row.id)
                recipients.update(h for h in (row.email_hash, row.phone_hash) if h)
            return ids

        retraite_ids = collect(
            self.session.execute(
                select(
                    RetraiteAccount.id, RetraiteAccount.email_hash, RetraiteAccount.phone_hash
                ).where(RetraiteAccount.nir_hash == nir_hash)
            )
        )
        caf_ids = collect(
            self.session.execute(
                select(CafAccount.id, CafAccount.email_hash, CafAccount.phone_hash).where(
                    or_(
                        CafAccount.nir_hash == nir_hash,
                        CafAccount.identifiant_hash == self._hash(nir, CAF_ID),
                    )
                )
            )
        )
        fc_ids = self._ids(select(FcAccount.id).where(FcAccount.nir_hash == nir_hash))
        message_where: ColumnElement[bool] = MailMessageRow.subject_hash == nir_hash
        session_where: ColumnElement[bool] = KioskSession.subject_hash == nir_hash
        if recipients:
            message_where = or_(message_where, MailMessageRow.recipient_hash.in_(recipients))
            session_where = or_(session_where, KioskSession.email_hash.in_(recipients))
        message_ids = self._ids(select(MailMessageRow.id).where(message_where))
        session_ids = self._ids(select(KioskSession.id).where(session_where))
        receipt_ids = self._ids(select(Receipt.id).where(Receipt.session_id.in_(session_ids)))
        return _Footprint(retraite_ids, caf_ids, fc_ids, message_ids, session_ids, receipt_ids)

    def _ids(self, query: Any) -> list[str]:
        return [str(i) for i in self.session.scalars(query)]


def _plain(record: Any) -> Json:
    """A record as JSON-ready values (dates in ISO format), without secret hashes."""
    if record is None:
        return {}
    return {k: _json_value(v) for k, v in asdict(record).items() if k not in _SECRETS}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value
