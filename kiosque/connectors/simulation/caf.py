"""The simulated CAF « Mon Compte »: login by NIR or provisional identifier, forgotten
password with a 6-digit code sent by SMS or e-mail (the citizen chooses), logout."""

from __future__ import annotations

import secrets
from datetime import timedelta

from kiosque import rules
from kiosque.connectors.base import Account, Identity, MailMessage, Refusal
from kiosque.connectors.simulation.common import (
    SimulationContext,
    digits,
    form,
    mask_email,
    mask_phone,
    refusal,
    token,
)
from kiosque.store.hashing import hash_secret, verify_secret
from kiosque.store.repos import CafAccountRecord, Repositories
from kiosque.texts import Message, t

ORGANISM = "caf"
CODE_LENGTH = 6
CODE_LIFETIME = timedelta(minutes=15)
CODE_MAX_ATTEMPTS = 3
RESET_LIFETIME = timedelta(minutes=30)
LOCK_THRESHOLD = 5


def normalise_identifiant(identifiant: str) -> str:
    """A NIR keeps its 13 characters (the key is not part of the identifier)."""
    compact = rules.normalize_nir(identifiant)
    if len(compact) == 15 and rules.check_nir(compact).ok:
        return compact[:13]
    return compact


class CafSimulation:
    """Implements :class:`kiosque.connectors.base.CafConnector` on the store."""

    def __init__(self, ctx: SimulationContext) -> None:
        self.ctx = ctx
        self._dummy: str | None = None

    def _find(self, repos: Repositories, identifiant: str) -> CafAccountRecord | None:
        return repos.caf.find_by_identifiant(normalise_identifiant(identifiant))

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = hash_secret(token(), self.ctx.hash_params)
        return self._dummy

    def login(self, identifiant: str, password: str) -> Account | Refusal:
        now = self.ctx.clock.now()
        with self.ctx.store.unit() as repos:
            account = self._find(repos, identifiant)
            if account is None:
                verify_secret(self._dummy_hash(), password)
                return form(Message.of("caf.identifiants_incorrects"))
            if account.locked:
                return form(Message.of("caf.bloque"))
            if not verify_secret(account.password_hash, password):
                failures = repos.caf.record_failure(account.id, now)
                if failures >= LOCK_THRESHOLD:
                    return form(Message.of("caf.bloque"))
                return form(Message.of("caf.identifiants_incorrects"))
            repos.caf.record_success(account.id)
        return Account(ORGANISM, account.id, account.prenom, account.email or "")

    def send_code(self, identifiant: str, canal: str) -> str | Refusal:
        now = self.ctx.clock.now()
        with self.ctx.store.unit() as repos:
            account = self._find(repos, identifiant)
            if account is None:
                return refusal("identifiant", "caf.identifiant_inconnu")
            destination = account.phone if canal == "sms" else account.email
            if not destination:
                key = "caf.sans_telephone" if canal == "sms" else "caf.sans_email"
                return refusal("canal", key)
            code = digits(CODE_LENGTH)
            repos.caf_codes.add(
                account.id,
                code=code,
                canal=canal,
                created_at=now,
                expires_at=now + CODE_LIFETIME,
            )
            repos.mailbox.add(
                channel=canal,
                recipient=destination,
                organism=ORGANISM,
                kind="code",
                payload={"code": code},
                created_at=now,
                expires_at=now + CODE_LIFETIME,
            )
        return mask_phone(destination) if canal == "sms" else mask_email(destination)

    def inbox(self, identifiant: str, canal: str) -> tuple[MailMessage, ...]:
        with self.ctx.store.unit() as repos:
            account = self._find(repos, identifiant)
            destination = None
            if account is not None:
                destination = account.phone if canal == "sms" else account.email
            records = (
                repos.mailbox.list_for(canal, destination, organism=ORGANISM) if destination else []
            )
        sender = t(
            "caf.message.expediteur_sms" if canal == "sms" else "caf.message.expediteur_email"
        )
        minutes = int(CODE_LIFETIME.total_seconds() // 60)
        return tuple(
            MailMessage(
                r.id,
                sender,
                t("caf.message.code_sujet"),
                (t("caf.message.code_corps", code=r.payload.get("code", ""), minutes=minutes),),
                r.created_at,
                code=str(r.payload.get("code", "")),
                channel=canal,
            )
            for r in records
        )

    def verify_code(self, identifiant: str, code: str) -> str | Refusal:
        now = self.ctx.clock.now()
        with self.ctx.store.unit() as repos:
            account = self._find(repos, identifiant)
            latest = None if account is None else repos.caf_codes.latest(account.id)
            if account is None or latest is None:
                return refusal("code", "caf.code_absent")
            if latest.used_at is not None:
                return refusal("code", "caf.code_utilise")
            if now >= latest.expires_at:
                return refusal("code", "caf.code_expire")
            attempts = repos.caf_codes.register_attempt(latest.id)
            if attempts > CODE_MAX_ATTEMPTS:
                return refusal("code", "caf.code_trop_essais")
            if not repos.caf_codes.matches(latest, code.strip()):
                left = CODE_MAX_ATTEMPTS - attempts
                if left <= 0:
                    return refusal("code", "caf.code_trop_essais")
                return refusal("code", "caf.code_incorrect", n=left)
            if not repos.caf_codes.mark_used(latest.id, now):
                return refusal("code", "caf.code_utilise")
            reset = secrets.token_urlsafe(24)
            repos.caf.set_reset_token(account.id, reset, now + RESET_LIFETIME)
        return reset

    def reset_password(self, identifiant: str, token: str, password: str) -> Refusal | None:
        check = rules.check_password_caf(password)
        if not check.ok:
            return Refusal({"mot_de_passe": check.errors})
        now = self.ctx.clock.now()
        with self.ctx.store.unit() as repos:
            account = repos.caf.find_by_reset_token(token)
            expires = None if account is None else account.reset_expires_at
            wanted = self._find(repos, identifiant)
            if (
                account is None
                or wanted is None
                or wanted.id != account.id
                or expires is None
                or now >= expires
            ):
                return form(Message.of("caf.reinitialisation_expiree"))
            repos.caf.set_password(account.id, hash_secret(password, self.ctx.hash_params))
            repos.caf.unlock(account.id)
        return None

    def login_with_identity(self, identity: Identity) -> Account | Refusal:
        with self.ctx.store.unit() as repos:
            account = repos.caf.find_by_nir(identity.nir)
        if account is None:
            return form(Message.of("caf.sans_compte_franceconnect"))
        return Account(ORGANISM, account.id, account.prenom, account.email or "")

    def logout(self, account: Account) -> None:
        """The simulation keeps no server-side session: forgetting it is the kiosk's job."""
