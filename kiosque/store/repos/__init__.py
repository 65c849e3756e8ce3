"""Repositories: every query of the store. They take a Session and a FieldCipher, return
plain frozen records (decrypted), and never commit — the unit of work does."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosque.store.crypto import FieldCipher
from kiosque.store.repos._base import (
    LOCK_THRESHOLD,
    AlreadyExists,
    NotFound,
    PersonalDataRefused,
)
from kiosque.store.repos.agents import AgentRecord, Agents, AuditLog, AuditRecord
from kiosque.store.repos.caf import CafAccountRecord, CafAccounts, CafCodeRecord, CafCodes
from kiosque.store.repos.franceconnect import IDENTITY_KEYS, FcAccountRecord, FcAccounts
from kiosque.store.repos.mail import Mailbox, MailRecord
from kiosque.store.repos.person import People
from kiosque.store.repos.purge import PurgeTarget, Retention
from kiosque.store.repos.retraite import (
    AttemptOutcome,
    LoginAttemptRecord,
    NewRetraiteAccount,
    RetraiteAccountRecord,
    RetraiteAccounts,
)
from kiosque.store.repos.ris import RisRequestRecord, RisRequests
from kiosque.store.repos.sessions import (
    SECRET_FIELDS,
    KioskSessions,
    ReceiptRecord,
    Receipts,
    SessionFactsRecord,
    SessionGroupRecord,
    SessionRecord,
)


class Repositories:
    """All repositories over one session (one unit of work)."""

    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.retraite = RetraiteAccounts(session, cipher)
        self.ris = RisRequests(session, cipher)
        self.mailbox = Mailbox(session, cipher)
        self.caf = CafAccounts(session, cipher)
        self.caf_codes = CafCodes(session, cipher)
        self.franceconnect = FcAccounts(session, cipher)
        self.sessions = KioskSessions(session, cipher)
        self.receipts = Receipts(session, cipher)
        self.agents = Agents(session, cipher)
        self.audit = AuditLog(session, cipher)
        self.people = People(session, cipher)
        self.retention = Retention(session, cipher)


__all__ = [
    "IDENTITY_KEYS",
    "LOCK_THRESHOLD",
    "SECRET_FIELDS",
    "AgentRecord",
    "Agents",
    "AlreadyExists",
    "AttemptOutcome",
    "AuditLog",
    "AuditRecord",
    "CafAccountRecord",
    "CafAccounts",
    "CafCodeRecord",
    "CafCodes",
    "FcAccountRecord",
    "FcAccounts",
    "KioskSessions",
    "LoginAttemptRecord",
    "MailRecord",
    "Mailbox",
    "NewRetraiteAccount",
    "NotFound",
    "People",
    "PersonalDataRefused",
    "PurgeTarget",
    "ReceiptRecord",
    "Receipts",
    "Repositories",
    "Retention",
    "RetraiteAccountRecord",
    "RetraiteAccounts",
    "RisRequestRecord",
    "RisRequests",
    "SessionFactsRecord",
    "SessionGroupRecord",
    "SessionRecord",
]
