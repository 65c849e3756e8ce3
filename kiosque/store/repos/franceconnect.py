"""Accounts at the FranceConnect identity providers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from kiosque.store.models import FcAccount, new_id
from kiosque.store.repos._base import FC_LOGIN, NIR, Repository, require_argon2id

IDENTITY_KEYS = ("nir", "civilite", "nom_naissance", "prenom", "date_naissance")


@dataclass(frozen=True)
class FcAccountRecord:
    id: str
    provider: str
    login: str = field(repr=False)
    password_hash: str = field(repr=False)
    identity: dict[str, str] = field(repr=False)  # the IDENTITY_KEYS
    created_at: datetime
    is_persona: bool


class FcAccounts(Repository):
    table = FcAccount.__tablename__

    def create(
        self,
        *,
        provider: str,
        login: str,
        password_hash: str,
        identity: Mapping[str, str],
        now: datetime,
        is_persona: bool = False,
    ) -> FcAccountRecord:
        """``identity`` holds the IDENTITY_KEYS (``date_naissance`` in ISO format).
        :class:`AlreadyExists` if the provider already has that login."""
        missing = [k for k in IDENTITY_KEYS if k not in identity]
        if missing:
            raise ValueError(f"Identité incomplète : {', '.join(missing)}")
        rid = new_id()
        kept = {k: identity[k] for k in IDENTITY_KEYS}
        row = FcAccount(
            id=rid,
            provider=provider,
            login_hash=self._login_hash(provider, login),
            login_enc=self._enc(login, "login_enc", rid),
            nir_hash=self._hash(identity["nir"], NIR),
            password_hash=require_argon2id(password_hash, "mot de passe"),
            identity_enc=self._enc_json(kept, "identity_enc", rid),
            created_at=now,
            is_persona=is_persona,
        )
        self._insert_unique(row, "Ce fournisseur d'identité a déjà ce compte.")
        return self._record(row)

    def find(self, provider: str, login: str) -> FcAccountRecord | None:
        row = self.session.scalars(
            select(FcAccount).where(
                FcAccount.provider == provider,
                FcAccount.login_hash == self._login_hash(provider, login),
            )
        ).one_or_none()
        return None if row is None else self._record(row)

    def get(self, account_id: str) -> FcAccountRecord | None:
        row = self.session.get(FcAccount, account_id)
        return None if row is None else self._record(row)

    def _login_hash(self, provider: str, login: str) -> str:
        return self._hash(login, f"{FC_LOGIN}:{provider}")

    def _record(self, row: FcAccount) -> FcAccountRecord:
        return FcAccountRecord(
            id=row.id,
            provider=row.provider,
            login=self._dec(row.login_enc, "login_enc", row.id),
            password_hash=row.password_hash,
            identity=self._dec_json(row.identity_enc, "identity_enc", row.id),
            created_at=row.created_at,
            is_persona=row.is_persona,
        )
