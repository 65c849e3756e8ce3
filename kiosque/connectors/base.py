"""One interface per organism. The simulation ships; a real connector would plug in here.

Connectors answer in the organism's own terms: a refusal carries the French sentence the
real site shows (as a :class:`~kiosque.texts.Message`), attached to the field it concerns.
They never raise for a citizen's mistake; they raise only for a broken store or bug.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from kiosque.texts import Message

FORM = "_form"  # key of messages that concern the whole step rather than one field


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware datetime (UTC)."""
        ...


@dataclass(frozen=True)
class Refusal:
    """The organism said no; messages by field id (or :data:`FORM`)."""

    errors: Mapping[str, tuple[Message, ...]]

    @classmethod
    def on(cls, field_id: str, key: str, **params: object) -> Refusal:
        return cls({field_id: (Message.of(key, **params),)})


@dataclass(frozen=True)
class Identity:
    nir: str  # 13 characters, normalised (upper case, no spaces)
    civilite: str  # Madame | Monsieur
    nom_naissance: str
    prenom: str
    date_naissance: date


@dataclass(frozen=True)
class Address:
    pays: str  # ISO 3166 alpha-2
    code_postal: str
    ville: str
    numero_voie: str = ""
    complement: str = ""
    nom_voie: str = ""


@dataclass(frozen=True)
class Challenge:
    """A security image: the text to copy and how it is read aloud."""

    id: str
    text: str
    spoken: str  # character by character, in French words


@dataclass(frozen=True)
class MailMessage:
    id: str
    sender: str
    subject: str
    body: tuple[str, ...]
    received_at: datetime
    link_label: str = ""
    link_token: str = ""  # opaque: what "ouvrir-lien" follows
    valid_until: date | None = None
    code: str = ""  # a code sent by SMS or e-mail (what "@recu" types in a replay)
    channel: str = "email"  # email | sms


@dataclass(frozen=True)
class Registration:
    email: str
    activation_token: str
    valid_until: date


@dataclass(frozen=True)
class Account:
    """A logged-in account, as the session holds it (no secret, an opaque reference)."""

    organism: str
    ref: str
    display_name: str
    email: str = ""


@dataclass(frozen=True)
class RisStatus:
    state: str  # absent | en-attente | disponible
    requested_at: datetime | None = None
    available_at: datetime | None = None
    document_date: date | None = None
    can_request: bool = True


@dataclass(frozen=True)
class CareerLine:
    year: int
    scheme: str  # e.g. "Régime général", "Agirc-Arrco"
    nature: str  # e.g. "Salarié", "Chômage indemnisé", "Maladie"
    employer: str
    income_eur: int
    quarters: int
    points: float = 0.0
    period: str = ""  # e.g. "01/01 au 31/12"


@dataclass(frozen=True)
class RisDocument:
    path: str
    document_date: date
    lines: tuple[CareerLine, ...] = field(default=())


class RetraiteConnector(Protocol):
    """Assurance retraite (CNAV/Carsat) personal space."""

    def new_challenge(self) -> Challenge: ...
    def check_challenge(self, challenge_id: str, typed: str) -> bool: ...
    def identify(self, identity: Identity) -> Refusal | None: ...
    def register(
        self,
        identity: Identity,
        address: Address,
        telephone: str,
        email: str,
        password: str,
        secret_question: str,
        secret_answer: str,
    ) -> Registration | Refusal: ...
    def mailbox(self, email: str) -> tuple[MailMessage, ...]: ...
    def open_link(self, token: str) -> str | Refusal:
        """``"ok"`` or ``"expire"`` (register again), or a refusal for an unknown link."""
        ...

    def activate(self, token: str, nir: str, password: str) -> Account | Refusal: ...
    def login(self, nir: str, password: str) -> Account | Refusal:
        """A refusal whose :data:`FORM` message key ends in ``.bloque`` means locked."""
        ...

    def login_with_identity(self, identity: Identity) -> Account | Refusal:
        """Log in with an identity verified by FranceConnect."""
        ...

    def is_locked(self, nir: str) -> bool: ...
    def forgotten_password(self, nir: str) -> str | Refusal:
        """The id of the account's secret question."""
        ...

    def check_secret_answer(self, nir: str, answer: str) -> str | Refusal:
        """A one-time reset token."""
        ...

    def reset_password(self, nir: str, token: str, password: str) -> Refusal | None: ...
    def change_email(self, account: Account, email: str) -> Refusal | None: ...
    def ris_status(self, account: Account) -> RisStatus: ...
    def request_ris(self, account: Account) -> RisStatus | Refusal: ...
    def ris_document(self, account: Account) -> RisDocument | Refusal: ...


class CafConnector(Protocol):
    """CAF « Mon Compte »."""

    def login(self, identifiant: str, password: str) -> Account | Refusal: ...
    def send_code(self, identifiant: str, canal: str) -> str | Refusal:
        """Where the code went, masked (``06 •• •• •• 78``, ``m••••@exemple.fr``)."""
        ...

    def inbox(self, identifiant: str, canal: str) -> tuple[MailMessage, ...]: ...
    def verify_code(self, identifiant: str, code: str) -> str | Refusal:
        """A one-time reset token."""
        ...

    def reset_password(self, identifiant: str, token: str, password: str) -> Refusal | None: ...
    def login_with_identity(self, identity: Identity) -> Account | Refusal: ...
    def logout(self, account: Account) -> None: ...


class FranceConnectConnector(Protocol):
    """FranceConnect and its identity providers."""

    def providers(self) -> tuple[str, ...]: ...
    def login(self, provider: str, credentials: Mapping[str, str]) -> Identity | Refusal: ...


@dataclass(frozen=True)
class Connectors:
    """The organisms available to a session; ``simulated`` shows « Mode entraînement »."""

    retraite: RetraiteConnector
    caf: CafConnector
    franceconnect: FranceConnectConnector
    clock: Clock
    simulated: bool = True
