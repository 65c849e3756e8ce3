"""Practice personas (``ressources/personas.yaml``) loaded into the simulated organisms.

Idempotent: run at every start, it creates only what is missing, so a first start fills
an empty store and later starts cost a few look-ups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from kiosque import resources
from kiosque.connectors.simulation.common import (
    SimulationContext,
    end_of_day,
    paris_date,
    token,
)
from kiosque.connectors.simulation.franceconnect import normalise_login
from kiosque.store.hashing import hash_answer, hash_secret
from kiosque.store.repos import LOCK_THRESHOLD, NewRetraiteAccount, Repositories

CAREER_COLUMNS = ("annee", "regime", "nature", "employeur", "revenu", "trimestres", "points")


@dataclass(frozen=True)
class Personas:
    entries: tuple[Mapping[str, Any], ...]

    @property
    def uncertified(self) -> frozenset[str]:
        return frozenset(
            p["nir"] for p in self.entries if p.get("retraite", {}).get("etat") == "non-certifie"
        )


def load_personas(path: Path | None = None) -> Personas:
    file = path or resources.path("personas.yaml")
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    return Personas(tuple(data["personas"]))


def _career(rows: list[list[Any]] | None) -> list[dict[str, Any]] | None:
    if rows is None:
        return None
    return [dict(zip(CAREER_COLUMNS, row, strict=True)) for row in rows]


def _profile(p: Mapping[str, Any], ctx: SimulationContext) -> NewRetraiteAccount:
    r = p["retraite"]
    return NewRetraiteAccount(
        nir=p["nir"],
        civilite=p["civilite"],
        nom=p["nom_naissance"],
        prenom=p["prenom"],
        birth_date=date.fromisoformat(p["date_naissance"]),
        email=p.get("email"),
        phone=str(p["telephone"]) if p.get("telephone") else None,
        address=p.get("adresse"),
        password_hash=hash_secret(r["mot_de_passe"], ctx.hash_params),
        secret_question=r.get("question_secrete"),
        secret_answer_hash=(
            hash_answer(r["reponse_secrete"], ctx.hash_params) if r.get("reponse_secrete") else None
        ),
        is_persona=True,
        career=_career(r.get("carriere")),
    )


def _seed_retraite(repos: Repositories, p: Mapping[str, Any], ctx: SimulationContext) -> None:
    r = p.get("retraite")
    if not r or r["etat"] == "non-certifie" or repos.retraite.find_by_nir(p["nir"]):
        return
    now = ctx.clock.now()
    if r["etat"] == "activation-expiree":
        registered = now - timedelta(days=int(r.get("inscrit_il_y_a_jours", 20)))
        valid_until = paris_date(registered) + timedelta(days=15)
        activation = token()
        repos.retraite.create_pending(
            _profile(p, ctx),
            activation_token=activation,
            activation_expires_at=end_of_day(valid_until),
            now=registered,
        )
        repos.mailbox.add(
            channel="email",
            recipient=p["email"],
            organism="retraite",
            kind="activation",
            payload={"token": activation, "valid_until": valid_until.isoformat()},
            created_at=registered,
            expires_at=end_of_day(valid_until),
            subject_nir=p["nir"],
        )
        return
    account = repos.retraite.create_active(_profile(p, ctx), now=now)
    if r["etat"] == "bloque":
        for _ in range(LOCK_THRESHOLD):
            repos.retraite.record_failure(account.id, at=now, terminal="persona")


def _seed_caf(repos: Repositories, p: Mapping[str, Any], ctx: SimulationContext) -> None:
    caf = p.get("caf")
    if not caf or repos.caf.find_by_identifiant(caf["identifiant"]):
        return
    repos.caf.create(
        identifiant=caf["identifiant"],
        nom=p["nom_naissance"],
        prenom=p["prenom"],
        email=p.get("email"),
        phone=str(p["telephone"]) if p.get("telephone") else None,
        password_hash=hash_secret(caf["mot_de_passe"], ctx.hash_params),
        now=ctx.clock.now(),
        nir=p["nir"],
        is_persona=True,
    )


def _seed_franceconnect(repos: Repositories, p: Mapping[str, Any], ctx: SimulationContext) -> None:
    identity = {
        "nir": p["nir"],
        "civilite": p["civilite"],
        "nom_naissance": p["nom_naissance"],
        "prenom": p["prenom"],
        "date_naissance": p["date_naissance"],
    }
    for account in p.get("franceconnect", ()):
        provider = account["fournisseur"]
        login = normalise_login(provider, str(account["identifiant"]))
        if repos.franceconnect.find(provider, login):
            continue
        secret = account.get("mot_de_passe") or str(account["code_pin"])
        repos.franceconnect.create(
            provider=provider,
            login=login,
            password_hash=hash_secret(secret, ctx.hash_params),
            identity=identity,
            now=ctx.clock.now(),
            is_persona=True,
        )


def seed(ctx: SimulationContext, personas: Personas) -> None:
    """Create whatever persona account is missing, in one unit of work."""
    with ctx.store.unit() as repos:
        for p in personas.entries:
            _seed_retraite(repos, p, ctx)
            _seed_caf(repos, p, ctx)
            _seed_franceconnect(repos, p, ctx)
