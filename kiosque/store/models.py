"""The tables. Personal fields are ``*_enc`` ciphertexts (see :mod:`.crypto`), found only
through ``*_hash`` keyed hashes; secrets are argon2id hashes (see :mod:`.hashing`).

Primary keys are UUID strings made in Python, so a row's id is known before its insert
and can bind its ciphertexts to it. Datetimes are always aware UTC.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

HASH = String(64)  # hex HMAC-SHA256
ID = String(36)  # UUID


def new_id() -> str:
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zone: values are stored as naive UTC text (which sorts and
    compares correctly) and come back tagged as UTC. A naive datetime is refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("Datetime sans fuseau horaire refusé par le stockage")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        str: Text(),
        bytes: LargeBinary(),
    }


def _id() -> Mapped[str]:
    return mapped_column(ID, primary_key=True, default=new_id)


def _account_fk(table: str) -> Mapped[str]:
    return mapped_column(ID, ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


class RetraiteAccount(Base):
    """An Assurance retraite personal space in the simulation (pending until activated)."""

    __tablename__ = "retraite_accounts"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'active')", name="status"),
        CheckConstraint("civilite IN ('Madame', 'Monsieur')", name="civilite"),
    )

    id: Mapped[str] = _id()
    nir_hash: Mapped[str] = mapped_column(HASH, unique=True)
    nir_enc: Mapped[bytes]
    civilite: Mapped[str] = mapped_column(String(8))
    nom_enc: Mapped[bytes]
    prenom_enc: Mapped[bytes]
    birth_date_enc: Mapped[bytes]
    email_enc: Mapped[bytes | None]
    email_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    phone_enc: Mapped[bytes | None]
    phone_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    address_enc: Mapped[bytes | None]
    password_hash: Mapped[str]
    secret_question: Mapped[str | None] = mapped_column(String(40))
    secret_answer_hash: Mapped[str | None]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    certified: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    activated_at: Mapped[datetime | None]
    activation_token_hash: Mapped[str | None] = mapped_column(HASH, unique=True)
    activation_expires_at: Mapped[datetime | None]
    is_persona: Mapped[bool] = mapped_column(Boolean, default=False)
    career_enc: Mapped[bytes | None]
    reset_token_hash: Mapped[str | None] = mapped_column(HASH, unique=True)
    reset_expires_at: Mapped[datetime | None]


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (CheckConstraint("kind IN ('password', 'secret_answer')", name="kind"),)

    id: Mapped[str] = _id()
    account_id: Mapped[str] = _account_fk("retraite_accounts")
    at: Mapped[datetime] = mapped_column(index=True)
    success: Mapped[bool] = mapped_column(Boolean)
    terminal: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))


class RisRequest(Base):
    """A RIS request; one per account and document date (the local day of the request)."""

    __tablename__ = "ris_requests"
    __table_args__ = (
        Index("ix_ris_requests_account_id_requested_at", "account_id", "requested_at"),
        UniqueConstraint("account_id", "document_date"),
    )

    id: Mapped[str] = _id()
    account_id: Mapped[str] = mapped_column(
        ID, ForeignKey("retraite_accounts.id", ondelete="CASCADE")
    )
    requested_at: Mapped[datetime]
    available_at: Mapped[datetime]
    document_date: Mapped[date] = mapped_column(Date)


class MailMessageRow(Base):
    """A message in a simulated mailbox or SMS inbox, for every organism."""

    __tablename__ = "mail_messages"
    __table_args__ = (
        Index("ix_mail_messages_recipient_hash_created_at", "recipient_hash", "created_at"),
        CheckConstraint("channel IN ('email', 'sms')", name="channel"),
    )

    id: Mapped[str] = _id()
    recipient_hash: Mapped[str] = mapped_column(HASH)
    channel: Mapped[str] = mapped_column(String(8))
    # NIR hash of the person the message concerns, when known: erasure finds it even
    # after the person changed their e-mail address.
    subject_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    organism: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    payload_enc: Mapped[bytes]
    created_at: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime | None]


class CafAccount(Base):
    __tablename__ = "caf_accounts"

    id: Mapped[str] = _id()
    identifiant_hash: Mapped[str] = mapped_column(HASH, unique=True)
    identifiant_enc: Mapped[bytes]
    nir_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    nom_enc: Mapped[bytes]
    prenom_enc: Mapped[bytes]
    email_enc: Mapped[bytes | None]
    email_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    phone_enc: Mapped[bytes | None]
    phone_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    password_hash: Mapped[str]
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[datetime | None]
    reset_token_hash: Mapped[str | None] = mapped_column(HASH, unique=True)
    reset_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    is_persona: Mapped[bool] = mapped_column(Boolean, default=False)


class CafCode(Base):
    __tablename__ = "caf_codes"
    __table_args__ = (CheckConstraint("canal IN ('sms', 'email')", name="canal"),)

    id: Mapped[str] = _id()
    account_id: Mapped[str] = _account_fk("caf_accounts")
    code_hash: Mapped[str] = mapped_column(HASH)
    canal: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None]


class FcAccount(Base):
    """An account at a FranceConnect identity provider (impots, ameli, laposte…)."""

    __tablename__ = "fc_accounts"
    __table_args__ = (UniqueConstraint("provider", "login_hash"),)

    id: Mapped[str] = _id()
    provider: Mapped[str] = mapped_column(String(32))
    login_hash: Mapped[str] = mapped_column(HASH)
    login_enc: Mapped[bytes]
    nir_hash: Mapped[str] = mapped_column(HASH, index=True)
    password_hash: Mapped[str]
    identity_enc: Mapped[bytes]
    created_at: Mapped[datetime]
    is_persona: Mapped[bool] = mapped_column(Boolean, default=False)


class KioskSession(Base):
    """A citizen's session at a terminal. Answers hold no secret (the caller's duty)."""

    __tablename__ = "kiosk_sessions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'finished', 'wiped', 'expired')", name="status"),
        # Sessions by start time, with every column the day's statistics read: the
        # database counts them from the index alone, never reading the rows' answers.
        Index(
            "ix_kiosk_sessions_statistics",
            "started_at",
            "procedure",
            "step",
            "status",
            "finished_at",
            "trouble_flags",
        ),
    )

    id: Mapped[str] = _id()
    procedure: Mapped[str] = mapped_column(String(64))
    step: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10), default="active")
    answers_enc: Mapped[bytes | None]
    subject_hash: Mapped[str | None] = mapped_column(HASH, index=True)  # NIR hash
    email_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    resume_code_hash: Mapped[str | None] = mapped_column(HASH, unique=True)
    resume_expires_at: Mapped[datetime | None]
    resume_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_step: Mapped[str | None] = mapped_column(String(64))
    trouble_flags: Mapped[str | None]  # JSON list of non-personal flags, for statistics


class Receipt(Base):
    __tablename__ = "receipts"

    id: Mapped[str] = _id()
    session_id: Mapped[str] = mapped_column(
        ID, ForeignKey("kiosk_sessions.id", ondelete="CASCADE"), index=True
    )
    issued_at: Mapped[datetime] = mapped_column(index=True)
    terminal: Mapped[str] = mapped_column(String(64))
    procedure: Mapped[str] = mapped_column(String(64))
    content_enc: Mapped[bytes]


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[str] = _id()
    login: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str]
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Append-only: the ORM refuses to update or delete a row (see below), and so do the
    database's own triggers (migration 0002), whatever the client."""

    __tablename__ = "audit_log"

    id: Mapped[str] = _id()
    at: Mapped[datetime] = mapped_column(index=True)
    agent_login: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[str | None]  # non-personal JSON


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_audit_change(_mapper: Any, _connection: Any, _target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly("Le journal des actions des agents ne se modifie pas.")
