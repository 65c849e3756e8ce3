"""Assurance retraite: personal spaces, login attempts and lock-out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select

from kiosque.store.models import LoginAttempt, RetraiteAccount, new_id
from kiosque.store.repos._accounts import LockableAccounts
from kiosque.store.repos._base import (
    ACTIVATION_TOKEN,
    EMAIL,
    NIR,
    PHONE,
    RESET_TOKEN,
    Json,
    require_argon2id,
)


@dataclass(frozen=True)
class RetraiteAccountRecord:
    """An account with its fields decrypted. Personal fields stay out of ``repr``."""

    id: str
    nir: str = field(repr=False)
    civilite: str = field(repr=False)
    nom: str = field(repr=False)
    prenom: str = field(repr=False)
    birth_date: date = field(repr=False)
    email: str | None = field(repr=False)
    phone: str | None = field(repr=False)
    address: Json | None = field(repr=False)
    password_hash: str = field(repr=False)
    secret_question: str | None
    secret_answer_hash: str | None = field(repr=False)
    status: str
    certified: bool
    failed_attempts: int
    locked_at: datetime | None
    created_at: datetime
    activated_at: datetime | None
    activation_expires_at: datetime | None
    is_persona: bool
    career: list[Json] | None = field(repr=False)
    reset_expires_at: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class NewRetraiteAccount:
    """What an account is created from (secrets already hashed, see :mod:`..hashing`)."""

    nir: str = field(repr=False)
    civilite: str = field(repr=False)
    nom: str = field(repr=False)
    prenom: str = field(repr=False)
    birth_date: date = field(repr=False)
    email: str | None = field(repr=False)
    phone: str | None = field(repr=False)
    address: Mapping[str, Any] | None = field(repr=False)
    password_hash: str = field(repr=False)
    secret_question: str | None = None
    secret_answer_hash: str | None = field(default=None, repr=False)
    certified: bool = True
    is_persona: bool = False
    career: Sequence[Mapping[str, Any]] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class AttemptOutcome:
    failed_attempts: int
    locked_at: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


@dataclass(frozen=True)
class LoginAttemptRecord:
    at: datetime
    success: bool
    terminal: str
    kind: str


class RetraiteAccounts(LockableAccounts[RetraiteAccount, RetraiteAccountRecord]):
    """Personal spaces, found only by NIR (or by one of their one-time tokens)."""

    table = RetraiteAccount.__tablename__
    model = RetraiteAccount
    reset_purpose = RESET_TOKEN

    # -- reading ---------------------------------------------------------------------

    def find_by_nir(self, nir: str) -> RetraiteAccountRecord | None:
        return self._one(RetraiteAccount.nir_hash == self._hash(nir, NIR))

    def find_by_activation_token(self, token: str) -> RetraiteAccountRecord | None:
        token_hash = self._hash(token, ACTIVATION_TOKEN)
        return self._one(RetraiteAccount.activation_token_hash == token_hash)

    def attempts(self, account_id: str, limit: int = 50) -> list[LoginAttemptRecord]:
        rows = self.session.scalars(
            select(LoginAttempt)
            .where(LoginAttempt.account_id == account_id)
            .order_by(LoginAttempt.at.desc())
            .limit(limit)
        )
        return [LoginAttemptRecord(r.at, r.success, r.terminal, r.kind) for r in rows]

    # -- creating --------------------------------------------------------------------

    def create_pending(
        self,
        profile: NewRetraiteAccount,
        *,
        activation_token: str,
        activation_expires_at: datetime,
        now: datetime,
    ) -> RetraiteAccountRecord:
        """A new account waiting for activation. :class:`AlreadyExists` if the NIR has one."""
        row = self._new_row(profile, now)
        row.activation_token_hash = self._hash(activation_token, ACTIVATION_TOKEN)
        row.activation_expires_at = activation_expires_at
        return self._create(row)

    def create_active(self, profile: NewRetraiteAccount, *, now: datetime) -> RetraiteAccountRecord:
        """An already active account (the practice personas)."""
        row = self._new_row(profile, now)
        row.status = "active"
        row.activated_at = now
        return self._create(row)

    def remove_expired_pending(self, nir: str, now: datetime) -> bool:
        """Delete the NIR's pending account if its activation link has expired, so that
        the person can register again (SPEC §3: "after that, register again")."""
        result = self.session.execute(
            delete(RetraiteAccount)
            .where(
                RetraiteAccount.nir_hash == self._hash(nir, NIR),
                RetraiteAccount.status == "pending",
                RetraiteAccount.activation_expires_at < now,
            )
            .execution_options(synchronize_session="fetch")
        )
        return bool(getattr(result, "rowcount", 0))

    # -- changing --------------------------------------------------------------------

    def activate(self, account_id: str, now: datetime) -> None:
        self._set(account_id, status="active", activated_at=now)

    def record_failure(
        self, account_id: str, *, at: datetime, terminal: str, kind: str = "password"
    ) -> AttemptOutcome:
        """Count one more consecutive failure, across terminals, in one atomic statement;
        the fifth (``LOCK_THRESHOLD``) blocks the account."""
        self._attempt(account_id, at=at, terminal=terminal, kind=kind, success=False)
        failed_attempts, locked_at = self._count_failure(account_id, at)
        return AttemptOutcome(failed_attempts=failed_attempts, locked_at=locked_at)

    def record_success(
        self, account_id: str, *, at: datetime, terminal: str, kind: str = "password"
    ) -> None:
        """A successful login resets the consecutive-failure count (not a lock)."""
        self._attempt(account_id, at=at, terminal=terminal, kind=kind, success=True)
        self._clear_failures(account_id)

    def set_email(self, account_id: str, email: str) -> None:
        self._set(
            account_id,
            email_enc=self._enc(email, "email_enc", account_id),
            email_hash=self._hash(email, EMAIL),
        )

    def set_career(self, account_id: str, career: Sequence[Mapping[str, Any]]) -> None:
        self._set(account_id, career_enc=self._enc_json(list(career), "career_enc", account_id))

    # -- internals -------------------------------------------------------------------

    def _new_row(self, p: NewRetraiteAccount, now: datetime) -> RetraiteAccount:
        rid = new_id()
        if p.secret_answer_hash is not None:
            require_argon2id(p.secret_answer_hash, "réponse secrète")
        address = None if p.address is None else self._enc_json(dict(p.address), "address_enc", rid)
        career = None if p.career is None else self._enc_json(list(p.career), "career_enc", rid)
        return RetraiteAccount(
            id=rid,
            nir_hash=self._hash(p.nir, NIR),
            nir_enc=self._enc(p.nir, "nir_enc", rid),
            civilite=p.civilite,
            nom_enc=self._enc(p.nom, "nom_enc", rid),
            prenom_enc=self._enc(p.prenom, "prenom_enc", rid),
            birth_date_enc=self._enc(p.birth_date.isoformat(), "birth_date_enc", rid),
            email_enc=self._enc_opt(p.email, "email_enc", rid),
            email_hash=None if p.email is None else self._hash(p.email, EMAIL),
            phone_enc=self._enc_opt(p.phone, "phone_enc", rid),
            phone_hash=None if p.phone is None else self._hash(p.phone, PHONE),
            address_enc=address,
            password_hash=require_argon2id(p.password_hash, "mot de passe"),
            secret_question=p.secret_question,
            secret_answer_hash=p.secret_answer_hash,
            status="pending",
            certified=p.certified,
            failed_attempts=0,
            created_at=now,
            is_persona=p.is_persona,
            career_enc=career,
        )

    def _attempt(
        self, account_id: str, *, at: datetime, terminal: str, kind: str, success: bool
    ) -> None:
        attempt = LoginAttempt(
            id=new_id(), account_id=account_id, at=at, success=success, terminal=terminal, kind=kind
        )
        self.session.add(attempt)

    def _create(self, row: RetraiteAccount) -> RetraiteAccountRecord:
        self._insert_unique(
            row, "Un espace personnel existe déjà pour ce numéro de sécurité sociale."
        )
        return self._record(row)

    def _record(self, row: RetraiteAccount) -> RetraiteAccountRecord:
        rid = row.id
        address = (
            None if row.address_enc is None else self._dec_json(row.address_enc, "address_enc", rid)
        )
        career = (
            None if row.career_enc is None else self._dec_json(row.career_enc, "career_enc", rid)
        )
        return RetraiteAccountRecord(
            id=rid,
            nir=self._dec(row.nir_enc, "nir_enc", rid),
            civilite=row.civilite,
            nom=self._dec(row.nom_enc, "nom_enc", rid),
            prenom=self._dec(row.prenom_enc, "prenom_enc", rid),
            birth_date=date.fromisoformat(self._dec(row.birth_date_enc, "birth_date_enc", rid)),
            email=self._dec_opt(row.email_enc, "email_enc", rid),
            phone=self._dec_opt(row.phone_enc, "phone_enc", rid),
            address=address,
            password_hash=row.password_hash,
            secret_question=row.secret_question,
            secret_answer_hash=row.secret_answer_hash,
            status=row.status,
            certified=row.certified,
            failed_attempts=row.failed_attempts,
            locked_at=row.locked_at,
            created_at=row.created_at,
            activated_at=row.activated_at,
            activation_expires_at=row.activation_expires_at,
            is_persona=row.is_persona,
            career=career,
            reset_expires_at=row.reset_expires_at,
        )
