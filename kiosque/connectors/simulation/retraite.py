"""The simulated Assurance retraite: registration, activation, login with lock-out, secret
question, e-mail change, RIS requests and documents — backed by the store.

Every refusal uses the organism's words (``ressources/textes/fr/organismes.yaml``).
Login refusals never tell whether a NIR has an account (the real site says « mot de
passe incorrect » in both cases).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kiosque import rules
from kiosque.connectors.base import (
    Account,
    Address,
    CareerLine,
    Challenge,
    Identity,
    MailMessage,
    Refusal,
    Registration,
    RisDocument,
    RisStatus,
)
from kiosque.connectors.simulation.challenges import Challenges
from kiosque.connectors.simulation.common import (
    SimulationContext,
    end_of_day,
    form,
    french_date,
    paris_date,
    refusal,
    token,
)
from kiosque.store.hashing import hash_answer, hash_secret, verify_answer, verify_secret
from kiosque.store.repos import (
    LOCK_THRESHOLD,
    AlreadyExists,
    NewRetraiteAccount,
    Repositories,
    RetraiteAccountRecord,
)
from kiosque.texts import Message, t

ORGANISM = "retraite"
ACTIVATION_DAYS = 15
RESET_LIFETIME = timedelta(minutes=30)
DEFAULT_RIS_DELAY = timedelta(minutes=5)

RisWriter = Callable[[RetraiteAccountRecord, tuple[CareerLine, ...], date], Path]


def career_lines(career: list[Any] | None) -> tuple[CareerLine, ...]:
    """Career rows as stored (mappings) to typed lines, oldest first."""
    lines = []
    for row in career or ():
        lines.append(
            CareerLine(
                year=int(row["annee"]),
                scheme=str(row["regime"]),
                nature=str(row["nature"]),
                employer=str(row.get("employeur", "")),
                income_eur=int(row.get("revenu", 0)),
                quarters=int(row.get("trimestres", 0)),
                points=float(row.get("points", 0)),
                period=str(row.get("periode", "")),
            )
        )
    return tuple(sorted(lines, key=lambda line: (line.year, line.scheme)))


class RetraiteSimulation:
    """Implements :class:`kiosque.connectors.base.RetraiteConnector` on the store."""

    def __init__(
        self,
        ctx: SimulationContext,
        *,
        uncertified: frozenset[str] = frozenset(),
        ris_delay: timedelta = DEFAULT_RIS_DELAY,
        ris_writer: RisWriter | None = None,
    ) -> None:
        self.ctx = ctx
        self.uncertified = uncertified
        self.ris_delay = ris_delay
        self.ris_writer = ris_writer
        self.challenges = Challenges(ctx.clock)
        self._dummy: str | None = None

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = hash_secret(token(), self.ctx.hash_params)
        return self._dummy

    # -- helpers -----------------------------------------------------------------------

    def _now(self) -> Any:
        return self.ctx.clock.now()

    def _account(self, repos: Repositories, ref: str) -> RetraiteAccountRecord | None:
        return repos.retraite.get(ref)

    def _password_refusal(
        self, password: str, identity: Identity | RetraiteAccountRecord
    ) -> Refusal | None:
        if isinstance(identity, Identity):
            nom, prenom, birth = identity.nom_naissance, identity.prenom, identity.date_naissance
        else:
            nom, prenom, birth = identity.nom, identity.prenom, identity.birth_date
        check = rules.check_password_retraite(
            password, nom=nom, prenom=prenom, date_naissance=birth, nir=identity.nir
        )
        return None if check.ok else Refusal({"mot_de_passe": check.errors})

    def _failure(self, repos: Repositories, account: RetraiteAccountRecord, kind: str) -> Refusal:
        outcome = repos.retraite.record_failure(
            account.id, at=self._now(), terminal=self.ctx.terminal, kind=kind
        )
        if outcome.locked:
            return form(Message.of("retraite.bloque"))
        left = LOCK_THRESHOLD - outcome.failed_attempts
        field_id, key = (
            ("mot_de_passe", "retraite.mot_de_passe_incorrect")
            if kind == "password"
            else ("reponse_secrete", "retraite.reponse_incorrecte")
        )
        return Refusal(
            {field_id: (Message.of(key), Message.of("retraite.essais_restants", n=left))}
        )

    # -- security image ----------------------------------------------------------------

    def new_challenge(self) -> Challenge:
        return self.challenges.new()

    def check_challenge(self, challenge_id: str, typed: str) -> bool:
        return self.challenges.check(challenge_id, typed)

    # -- registration ------------------------------------------------------------------

    def identify(self, identity: Identity) -> Refusal | None:
        if not rules.check_nir_identity(
            identity.nir, identity.civilite, identity.date_naissance
        ).ok:
            return form(Message.of("retraite.non_identifie"))
        if identity.nir in self.uncertified:
            return refusal("nir", "retraite.non_certifie")
        with self.ctx.store.unit() as repos:
            existing = repos.retraite.find_by_nir(identity.nir)
        return self._existing_refusal(existing)

    def _existing_refusal(self, existing: RetraiteAccountRecord | None) -> Refusal | None:
        if existing is None:
            return None
        if existing.active:
            return refusal("nir", "retraite.deja_inscrit")
        expires = existing.activation_expires_at
        if expires is not None and expires > self._now():
            last_day = paris_date(expires) - timedelta(days=1)
            return refusal("nir", "retraite.inscription_en_cours", date=french_date(last_day))
        return None  # an expired registration may start again

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
        refused = self.identify(identity) or self._password_refusal(password, identity)
        if refused is not None:
            return refused
        now = self._now()
        valid_until = paris_date(now) + timedelta(days=ACTIVATION_DAYS)
        activation = token()
        profile = NewRetraiteAccount(
            nir=identity.nir,
            civilite=identity.civilite,
            nom=identity.nom_naissance,
            prenom=identity.prenom,
            birth_date=identity.date_naissance,
            email=email,
            phone=telephone or None,
            address={k: v for k, v in address.__dict__.items()},
            password_hash=hash_secret(password, self.ctx.hash_params),
            secret_question=secret_question,
            secret_answer_hash=hash_answer(secret_answer, self.ctx.hash_params),
        )
        try:
            with self.ctx.store.unit() as repos:
                repos.retraite.remove_expired_pending(identity.nir, now)
                repos.retraite.create_pending(
                    profile,
                    activation_token=activation,
                    activation_expires_at=end_of_day(valid_until),
                    now=now,
                )
                repos.mailbox.add(
                    channel="email",
                    recipient=email,
                    organism=ORGANISM,
                    kind="activation",
                    payload={"token": activation, "valid_until": valid_until.isoformat()},
                    created_at=now,
                    expires_at=end_of_day(valid_until),
                    subject_nir=identity.nir,
                )
        except AlreadyExists:  # another terminal registered the same NIR a moment ago
            return refusal("nir", "retraite.deja_inscrit")
        return Registration(email, activation, valid_until)

    def mailbox(self, email: str) -> tuple[MailMessage, ...]:
        with self.ctx.store.unit() as repos:
            records = repos.mailbox.list_for("email", email, organism=ORGANISM)
        sender = t("retraite.mail.expediteur")
        messages = []
        for record in records:
            payload = record.payload
            if record.kind == "activation":
                valid_until = date.fromisoformat(payload["valid_until"])
                body = (
                    *t("retraite.mail.activation_corps").splitlines(),
                    *t("retraite.mail.activation_fin", date=french_date(valid_until)).splitlines(),
                )
                messages.append(
                    MailMessage(
                        record.id,
                        sender,
                        t("retraite.mail.activation_sujet"),
                        body,
                        record.created_at,
                        link_label=t("retraite.mail.activation_lien"),
                        link_token=payload["token"],
                        valid_until=valid_until,
                    )
                )
            else:
                key = f"retraite.mail.{record.kind}"
                moment = french_date(paris_date(record.created_at))
                messages.append(
                    MailMessage(
                        record.id,
                        sender,
                        t(f"{key}_sujet"),
                        tuple(t(f"{key}_corps", date=moment).splitlines()),
                        record.created_at,
                    )
                )
        return tuple(messages)

    def open_link(self, token: str) -> str | Refusal:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_activation_token(token)
        if account is None:
            return form(Message.of("retraite.lien_inconnu"))
        if account.active:
            return form(Message.of("retraite.deja_active"))
        expires = account.activation_expires_at
        if expires is None or self._now() >= expires:
            return "expire"
        return "ok"

    def activate(self, token: str, nir: str, password: str) -> Account | Refusal:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_activation_token(token)
            if account is None:
                return form(Message.of("retraite.lien_inconnu"))
            if account.active:
                return form(Message.of("retraite.deja_active"))
            expires = account.activation_expires_at
            if expires is None or self._now() >= expires:
                return form(Message.of("retraite.lien_expire"))
            if account.nir != nir or not verify_secret(account.password_hash, password):
                return form(Message.of("retraite.activation_refusee"))
            repos.retraite.activate(account.id, self._now())
        return Account(ORGANISM, account.id, account.prenom, account.email or "")

    # -- login -------------------------------------------------------------------------

    def login(self, nir: str, password: str) -> Account | Refusal:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_nir(nir)
            if account is None:
                verify_secret(self._dummy_hash(), password)  # takes as long as a real check
                return refusal("mot_de_passe", "retraite.mot_de_passe_incorrect")
            if account.locked:
                return form(Message.of("retraite.bloque"))
            if not account.active:
                expires = account.activation_expires_at
                if expires is not None and self._now() >= expires:
                    return form(Message.of("retraite.activation_expiree"))
                return form(Message.of("retraite.non_active"))
            if not verify_secret(account.password_hash, password):
                return self._failure(repos, account, "password")
            repos.retraite.record_success(account.id, at=self._now(), terminal=self.ctx.terminal)
        return Account(ORGANISM, account.id, account.prenom, account.email or "")

    def login_with_identity(self, identity: Identity) -> Account | Refusal:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_nir(identity.nir)
        if account is None or not account.active:
            return form(Message.of("retraite.sans_espace_franceconnect"))
        if account.locked:
            return form(Message.of("retraite.bloque"))
        return Account(ORGANISM, account.id, account.prenom, account.email or "")

    def is_locked(self, nir: str) -> bool:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_nir(nir)
        return account is not None and account.locked

    def forgotten_password(self, nir: str) -> str | Refusal:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_nir(nir)
        if account is None or not account.active or account.secret_question is None:
            return refusal("nir", "retraite.non_identifie")
        if account.locked:
            return form(Message.of("retraite.bloque"))
        return account.secret_question

    def check_secret_answer(self, nir: str, answer: str) -> str | Refusal:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_nir(nir)
            if account is None or account.secret_answer_hash is None:
                return refusal("reponse_secrete", "retraite.non_identifie")
            if account.locked:
                return form(Message.of("retraite.bloque"))
            if not verify_answer(account.secret_answer_hash, answer):
                return self._failure(repos, account, "secret_answer")
            reset = token()
            repos.retraite.set_reset_token(account.id, reset, self._now() + RESET_LIFETIME)
        return reset

    def reset_password(self, nir: str, token: str, password: str) -> Refusal | None:
        with self.ctx.store.unit() as repos:
            account = repos.retraite.find_by_reset_token(token)
            expires = None if account is None else account.reset_expires_at
            if account is None or account.nir != nir or expires is None or self._now() >= expires:
                return form(Message.of("retraite.reinitialisation_expiree"))
            refused = self._password_refusal(password, account)
            if refused is not None:
                return refused
            repos.retraite.set_password(account.id, hash_secret(password, self.ctx.hash_params))
            if account.email:
                self._notify(repos, account, account.email, "mot_de_passe")
        return None

    def change_email(self, account: Account, email: str) -> Refusal | None:
        with self.ctx.store.unit() as repos:
            record = self._account(repos, account.ref)
            if record is None:
                return form(Message.of("retraite.non_identifie"))
            repos.retraite.set_email(record.id, email)
            self._notify(repos, record, email, "email")
        return None

    def _notify(
        self, repos: Repositories, account: RetraiteAccountRecord, email: str, kind: str
    ) -> None:
        repos.mailbox.add(
            channel="email",
            recipient=email,
            organism=ORGANISM,
            kind=kind,
            payload={},
            created_at=self._now(),
            subject_nir=account.nir,
        )

    # -- RIS ---------------------------------------------------------------------------

    def ris_status(self, account: Account) -> RisStatus:
        with self.ctx.store.unit() as repos:
            last = repos.ris.last(account.ref)
        now = self._now()
        if last is None:
            return RisStatus("absent")
        can_request = paris_date(last.requested_at) < paris_date(now)
        if now < last.available_at:
            return RisStatus("en-attente", last.requested_at, last.available_at, None, can_request)
        return RisStatus(
            "disponible", last.requested_at, last.available_at, last.document_date, can_request
        )

    def request_ris(self, account: Account) -> RisStatus | Refusal:
        now = self._now()
        try:
            with self.ctx.store.unit() as repos:
                last = repos.ris.last(account.ref)
                if last is not None and paris_date(last.requested_at) == paris_date(now):
                    return form(Message.of("retraite.ris_deja_demande"))
                repos.ris.add(
                    account.ref,
                    requested_at=now,
                    available_at=now + self.ris_delay,
                    document_date=paris_date(now + self.ris_delay),
                )
        except AlreadyExists:  # the same request from another terminal, same day
            return form(Message.of("retraite.ris_deja_demande"))
        return self.ris_status(account)

    def ris_document(self, account: Account) -> RisDocument | Refusal:
        status = self.ris_status(account)
        if status.state != "disponible" or status.document_date is None:
            return form(Message.of("retraite.ris_pas_pret"))
        with self.ctx.store.unit() as repos:
            record = self._account(repos, account.ref)
        if record is None:
            return form(Message.of("retraite.non_identifie"))
        lines = career_lines(record.career)
        path = ""
        if self.ris_writer is not None:
            path = str(self.ris_writer(record, lines, status.document_date))
        return RisDocument(path, status.document_date, lines)
