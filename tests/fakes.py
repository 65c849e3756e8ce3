"""In-memory fake organisms for the engine's unit tests (the shipped simulation lives in
kiosque/connectors/simulation and is tested through the store)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kiosque.connectors.base import (
    FORM,
    Account,
    Address,
    Challenge,
    Connectors,
    Identity,
    MailMessage,
    Refusal,
    Registration,
    RisDocument,
    RisStatus,
)


@dataclass
class FakeClock:
    current: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


@dataclass
class _RetraiteAccount:
    identity: Identity
    email: str
    password: str
    question: str
    answer: str
    active: bool = False
    failures: int = 0
    token: str = ""
    expires: datetime | None = None
    ris_requested: datetime | None = None


class FakeRetraite:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.accounts: dict[str, _RetraiteAccount] = {}
        self.challenges: dict[str, str] = {}
        self._ids = itertools.count(1)
        self.uncertified: set[str] = set()

    def new_challenge(self) -> Challenge:
        cid = str(next(self._ids))
        text = f"AB{cid}x"
        self.challenges[cid] = text
        return Challenge(cid, text, " ".join(text))

    def check_challenge(self, challenge_id: str, typed: str) -> bool:
        expected = self.challenges.pop(challenge_id, None)
        return expected is not None and expected.lower() == typed.strip().lower()

    def identify(self, identity: Identity) -> Refusal | None:
        if identity.nir in self.uncertified:
            return Refusal.on("nir", "demarches.non_identifie")
        return None

    def register(
        self,
        identity: Identity,
        address: Address,
        telephone: str,
        email: str,
        password: str,
        secret_question: str,
        secret_answer: str,
    ) -> Registration | Refusal:
        if identity.nir in self.accounts:
            return Refusal.on(FORM, "demarches.non_identifie")
        token = f"tok{next(self._ids)}"
        expires = self.clock.now() + timedelta(days=15)
        self.accounts[identity.nir] = _RetraiteAccount(
            identity, email, password, secret_question, secret_answer, token=token, expires=expires
        )
        return Registration(email, token, expires.date())

    def mailbox(self, email: str) -> tuple[MailMessage, ...]:
        return tuple(
            MailMessage(
                a.token,
                "lassuranceretraite.fr",
                "Inscription",
                (),
                self.clock.now(),
                "Je confirme",
                a.token,
                a.expires.date() if a.expires else None,
            )
            for a in self.accounts.values()
            if a.email == email and a.token
        )

    def _by_token(self, token: str) -> _RetraiteAccount | None:
        return next((a for a in self.accounts.values() if a.token == token), None)

    def open_link(self, token: str) -> str | Refusal:
        account = self._by_token(token)
        if account is None:
            return Refusal.on(FORM, "demarches.recommencer")
        assert account.expires is not None
        return "expire" if self.clock.now() > account.expires else "ok"

    def activate(self, token: str, nir: str, password: str) -> Account | Refusal:
        account = self._by_token(token)
        if account is None or account.identity.nir != nir or account.password != password:
            return Refusal.on(FORM, "demarches.non_identifie")
        account.active, account.token = True, ""
        return Account("retraite", nir, account.identity.prenom, account.email)

    def login(self, nir: str, password: str) -> Account | Refusal:
        account = self.accounts.get(nir)
        if account is None or not account.active:
            return Refusal.on(FORM, "demarches.non_identifie")
        if account.failures >= 5:
            return Refusal.on(FORM, "demarches.recommencer")
        if account.password != password:
            account.failures += 1
            return Refusal.on("mot_de_passe", "demarches.recommencer")
        account.failures = 0
        return Account("retraite", nir, account.identity.prenom, account.email)

    def login_with_identity(self, identity: Identity) -> Account | Refusal:
        if identity.nir not in self.accounts:
            return Refusal.on(FORM, "demarches.non_identifie")
        return Account("retraite", identity.nir, identity.prenom)

    def is_locked(self, nir: str) -> bool:
        account = self.accounts.get(nir)
        return account is not None and account.failures >= 5

    def forgotten_password(self, nir: str) -> str | Refusal:
        account = self.accounts.get(nir)
        return account.question if account else Refusal.on("nir", "demarches.non_identifie")

    def check_secret_answer(self, nir: str, answer: str) -> str | Refusal:
        account = self.accounts[nir]
        if account.answer.lower() != answer.strip().lower():
            account.failures += 1
            return Refusal.on("reponse_secrete", "demarches.recommencer")
        return "reset"

    def reset_password(self, nir: str, token: str, password: str) -> Refusal | None:
        self.accounts[nir].password = password
        return None

    def change_email(self, account: Account, email: str) -> Refusal | None:
        self.accounts[account.ref].email = email
        return None

    def ris_status(self, account: Account) -> RisStatus:
        asked = self.accounts[account.ref].ris_requested
        if asked is None:
            return RisStatus("absent")
        ready = asked + timedelta(minutes=5)
        if self.clock.now() < ready:
            return RisStatus("en-attente", asked, ready, can_request=False)
        return RisStatus(
            "disponible", asked, ready, ready.date(), asked.date() < self.clock.now().date()
        )

    def request_ris(self, account: Account) -> RisStatus | Refusal:
        acc = self.accounts[account.ref]
        if acc.ris_requested and acc.ris_requested.date() == self.clock.now().date():
            return Refusal.on(FORM, "demarches.recommencer")
        acc.ris_requested = self.clock.now()
        return self.ris_status(account)

    def ris_document(self, account: Account) -> RisDocument | Refusal:
        return RisDocument(f"/tmp/ris-{account.ref}.pdf", self.clock.now().date())


class FakeCaf:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.passwords = {"1800175999001": "Motdepasse1"}
        self.codes: dict[str, str] = {}
        self.sent: list[MailMessage] = []

    def login(self, identifiant: str, password: str) -> Account | Refusal:
        ident = identifiant.replace(" ", "")[:13]
        if self.passwords.get(ident) != password:
            return Refusal.on("mot_de_passe", "demarches.non_identifie")
        return Account("caf", ident, "Camille")

    def send_code(self, identifiant: str, canal: str) -> str | Refusal:
        ident = identifiant.replace(" ", "")[:13]
        if ident not in self.passwords:
            return Refusal.on("identifiant", "demarches.non_identifie")
        self.codes[ident] = "123456"
        self.sent.insert(0, MailMessage("c", "Caf", "Code", ("123456",), self.clock.now()))
        return "06 •• •• •• 78" if canal == "sms" else "c•••@exemple.fr"

    def inbox(self, identifiant: str, canal: str) -> tuple[MailMessage, ...]:
        return tuple(self.sent)

    def verify_code(self, identifiant: str, code: str) -> str | Refusal:
        ident = identifiant.replace(" ", "")[:13]
        if self.codes.get(ident) != code:
            return Refusal.on("code", "demarches.recommencer")
        return "token"

    def reset_password(self, identifiant: str, token: str, password: str) -> Refusal | None:
        self.passwords[identifiant.replace(" ", "")[:13]] = password
        return None

    def login_with_identity(self, identity: Identity) -> Account | Refusal:
        return Account("caf", identity.nir, identity.prenom)

    def logout(self, account: Account) -> None:
        return None


class FakeFranceConnect:
    def providers(self) -> tuple[str, ...]:
        return ("impots", "ameli", "laposte", "msa", "yris", "france-identite")

    def login(self, provider: str, credentials: Mapping[str, str]) -> Identity | Refusal:
        if credentials.get("mot_de_passe") == "mauvais" or credentials.get("code_pin") == "0000":
            return Refusal.on(FORM, "demarches.non_identifie")
        from datetime import date

        return Identity("1800175999001", "Monsieur", "MARTIN", "Paul", date(1980, 1, 15))


def fake_connectors(clock: FakeClock | None = None) -> Connectors:
    clock = clock or FakeClock()
    return Connectors(FakeRetraite(clock), FakeCaf(clock), FakeFranceConnect(), clock)
