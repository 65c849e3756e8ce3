"""CAF « Mon Compte »: accounts and the one-time codes sent by SMS or e-mail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update

from kiosque.store.models import CafAccount, CafCode, new_id
from kiosque.store.repos._accounts import LockableAccounts
from kiosque.store.repos._base import (
    CAF_CODE,
    CAF_ID,
    CAF_RESET_TOKEN,
    EMAIL,
    NIR,
    PHONE,
    NotFound,
    Repository,
    require_argon2id,
)


@dataclass(frozen=True)
class CafAccountRecord:
    id: str
    identifiant: str = field(repr=False)
    nom: str = field(repr=False)
    prenom: str = field(repr=False)
    email: str | None = field(repr=False)
    phone: str | None = field(repr=False)
    password_hash: str = field(repr=False)
    failed_attempts: int
    locked_at: datetime | None
    reset_expires_at: datetime | None
    created_at: datetime
    is_persona: bool

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


@dataclass(frozen=True)
class CafCodeRecord:
    id: str
    account_id: str
    code_hash: str = field(repr=False)
    canal: str
    created_at: datetime
    expires_at: datetime
    attempts: int
    used_at: datetime | None


class CafAccounts(LockableAccounts[CafAccount, CafAccountRecord]):
    table = CafAccount.__tablename__
    model = CafAccount
    reset_purpose = CAF_RESET_TOKEN

    def create(
        self,
        *,
        identifiant: str,
        nom: str,
        prenom: str,
        email: str | None,
        phone: str | None,
        password_hash: str,
        now: datetime,
        nir: str | None = None,
        is_persona: bool = False,
    ) -> CafAccountRecord:
        """``identifiant`` is the NIR or a provisional identifier; give ``nir`` too when
        the person has one, so that erasure by NIR finds the account."""
        rid = new_id()
        row = CafAccount(
            id=rid,
            identifiant_hash=self._hash(identifiant, CAF_ID),
            identifiant_enc=self._enc(identifiant, "identifiant_enc", rid),
            nir_hash=None if nir is None else self._hash(nir, NIR),
            nom_enc=self._enc(nom, "nom_enc", rid),
            prenom_enc=self._enc(prenom, "prenom_enc", rid),
            email_enc=self._enc_opt(email, "email_enc", rid),
            email_hash=None if email is None else self._hash(email, EMAIL),
            phone_enc=self._enc_opt(phone, "phone_enc", rid),
            phone_hash=None if phone is None else self._hash(phone, PHONE),
            password_hash=require_argon2id(password_hash, "mot de passe"),
            failed_attempts=0,
            created_at=now,
            is_persona=is_persona,
        )
        self._insert_unique(row, "Un compte existe déjà pour cet identifiant.")
        return self._record(row)

    def find_by_identifiant(self, identifiant: str) -> CafAccountRecord | None:
        return self._one(CafAccount.identifiant_hash == self._hash(identifiant, CAF_ID))

    def find_by_nir(self, nir: str) -> CafAccountRecord | None:
        """The account of that NIR (FranceConnect login), the oldest if several."""
        row = self.session.scalars(
            select(CafAccount)
            .where(CafAccount.nir_hash == self._hash(nir, NIR))
            .order_by(CafAccount.created_at)
            .limit(1)
            .execution_options(populate_existing=True)
        ).first()
        return None if row is None else self._record(row)

    def record_failure(self, account_id: str, at: datetime) -> int:
        """Atomic, like the Assurance retraite's; returns the consecutive failures."""
        return self._count_failure(account_id, at)[0]

    def record_success(self, account_id: str) -> None:
        self._clear_failures(account_id)

    def _record(self, row: CafAccount) -> CafAccountRecord:
        rid = row.id
        return CafAccountRecord(
            id=rid,
            identifiant=self._dec(row.identifiant_enc, "identifiant_enc", rid),
            nom=self._dec(row.nom_enc, "nom_enc", rid),
            prenom=self._dec(row.prenom_enc, "prenom_enc", rid),
            email=self._dec_opt(row.email_enc, "email_enc", rid),
            phone=self._dec_opt(row.phone_enc, "phone_enc", rid),
            password_hash=row.password_hash,
            failed_attempts=row.failed_attempts,
            locked_at=row.locked_at,
            reset_expires_at=row.reset_expires_at,
            created_at=row.created_at,
            is_persona=row.is_persona,
        )


class CafCodes(Repository):
    """Codes are stored as keyed hashes bound to their account."""

    table = CafCode.__tablename__

    def add(
        self,
        account_id: str,
        *,
        code: str,
        canal: str,
        created_at: datetime,
        expires_at: datetime,
    ) -> CafCodeRecord:
        row = CafCode(
            id=new_id(),
            account_id=account_id,
            code_hash=self._code_hash(account_id, code),
            canal=canal,
            created_at=created_at,
            expires_at=expires_at,
            attempts=0,
        )
        self._insert(row)
        return _code(row)

    def latest(self, account_id: str) -> CafCodeRecord | None:
        """The account's most recent code (a new code replaces the earlier ones)."""
        row = self.session.scalars(
            select(CafCode)
            .where(CafCode.account_id == account_id)
            .order_by(CafCode.created_at.desc())
            .limit(1)
            .execution_options(populate_existing=True)
        ).first()
        return None if row is None else _code(row)

    def matches(self, record: CafCodeRecord, code: str) -> bool:
        return self.cipher.matches(
            record.code_hash, f"{record.account_id}|{code}", purpose=CAF_CODE
        )

    def register_attempt(self, code_id: str) -> int:
        """Atomically count one more attempt at typing this code; returns the count."""
        row = self.session.execute(
            update(CafCode)
            .where(CafCode.id == code_id)
            .values(attempts=CafCode.attempts + 1)
            .returning(CafCode.attempts)
            .execution_options(synchronize_session="fetch")
        ).one_or_none()
        if row is None:
            raise NotFound(code_id)
        return int(row[0])

    def mark_used(self, code_id: str, at: datetime) -> bool:
        """Spend the code; ``False`` if it was already spent (a race lost)."""
        result = self.session.execute(
            update(CafCode)
            .where(CafCode.id == code_id, CafCode.used_at.is_(None))
            .values(used_at=at)
            .execution_options(synchronize_session="fetch")
        )
        return bool(getattr(result, "rowcount", 0))

    def _code_hash(self, account_id: str, code: str) -> str:
        return self._hash(f"{account_id}|{code}", CAF_CODE)


def _code(row: CafCode) -> CafCodeRecord:
    return CafCodeRecord(
        id=row.id,
        account_id=row.account_id,
        code_hash=row.code_hash,
        canal=row.canal,
        created_at=row.created_at,
        expires_at=row.expires_at,
        attempts=row.attempts,
        used_at=row.used_at,
    )
