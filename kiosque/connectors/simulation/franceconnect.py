"""The simulated FranceConnect: six identity providers, each with its own accounts and
login page, returning the verified identity to the service that asked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kiosque import rules
from kiosque.connectors.base import Identity, Refusal
from kiosque.connectors.simulation.common import SimulationContext, form, token
from kiosque.store.hashing import hash_secret, verify_secret
from kiosque.texts import Message

# Provider id → (label, the field that identifies, the field that proves)
PROVIDERS: dict[str, tuple[str, str, str]] = {
    "impots": ("impots.gouv.fr", "numero_fiscal", "mot_de_passe"),
    "ameli": ("ameli.fr", "nir", "mot_de_passe"),
    "laposte": ("L'Identité Numérique La Poste", "identifiant", "mot_de_passe"),
    "msa": ("MSA", "nir", "mot_de_passe"),
    "yris": ("Yris", "identifiant", "mot_de_passe"),
    "france-identite": ("France Identité", "identifiant", "code_pin"),
}


def normalise_login(provider: str, login: str) -> str:
    field_id = PROVIDERS[provider][1]
    if field_id == "nir":
        return rules.normalize_nir(login)[:13]
    if field_id == "numero_fiscal":
        return "".join(login.split())
    return login.strip().lower()


class FranceConnectSimulation:
    """Implements :class:`kiosque.connectors.base.FranceConnectConnector` on the store."""

    def __init__(self, ctx: SimulationContext) -> None:
        self.ctx = ctx
        self._dummy: str | None = None

    def providers(self) -> tuple[str, ...]:
        return tuple(PROVIDERS)

    def login(self, provider: str, credentials: Mapping[str, str]) -> Identity | Refusal:
        if provider not in PROVIDERS:
            return form(Message.of("franceconnect.fournisseur_inconnu"))
        label, login_field, secret_field = PROVIDERS[provider]
        login = normalise_login(provider, credentials.get(login_field, ""))
        secret = credentials.get(secret_field, "")
        with self.ctx.store.unit() as repos:
            account = repos.franceconnect.find(provider, login)
        if account is None:
            if self._dummy is None:
                self._dummy = hash_secret(token(), self.ctx.hash_params)
            verify_secret(self._dummy, secret)
            return form(Message.of("franceconnect.identifiants_incorrects", fournisseur=label))
        if not verify_secret(account.password_hash, secret):
            return form(Message.of("franceconnect.identifiants_incorrects", fournisseur=label))
        who = account.identity
        return Identity(
            nir=who["nir"],
            civilite=who["civilite"],
            nom_naissance=who["nom_naissance"],
            prenom=who["prenom"],
            date_naissance=date.fromisoformat(who["date_naissance"]),
        )
