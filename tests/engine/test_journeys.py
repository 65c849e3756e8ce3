"""Headless journeys: every procedure from its first step to its last through the engine,
with back-navigation and each branch of SPEC §8 (fake organisms; the shipped simulation
is driven by tests/journeys through `kiosque replay`)."""

from __future__ import annotations

from typing import Any

import pytest

from kiosque.procedures.actions import CHALLENGE, INBOX
from kiosque.procedures.engine import Engine, EngineError, Outcome
from kiosque.procedures.journey import Journey
from kiosque.procedures.loader import load_catalogue
from tests.fakes import FakeClock, fake_connectors

NIR = "1 80 01 75 999 001"
PASSWORD = "Retraite2024"
IDENTITE = {
    "nir": NIR,
    "civilite": "Monsieur",
    "nom_naissance": "Martin",
    "prenom": "Paul",
    "date_naissance": "15/01/1980",
    "conditions_acceptees": True,
}
ADRESSE = {
    "pays": "FR",
    "code_postal": "75001",
    "ville": "75101",
    "numero_voie": "12",
    "complement": "bis",
    "nom_voie": "rue de Rivoli",
}
CONTACT = {
    "telephone": "0612345678",
    "email": "paul.martin@exemple.fr",
    "email_confirmation": "paul.martin@exemple.fr",
    "mot_de_passe": PASSWORD,
    "mot_de_passe_confirmation": PASSWORD,
    "question_secrete": "premier-animal",
    "reponse_secrete": "Médor",
}


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def engine(catalogue: Any, clock: FakeClock) -> Engine:
    return Engine(catalogue, fake_connectors(clock))


def go(engine: Engine, j: Journey, action: str = "next", **answers: Any) -> Outcome:
    out = engine.act(j, action, answers)
    assert out.accepted, {k: [m.text() for m in v] for k, v in out.errors.items()}
    return out


def identite(j: Journey) -> dict[str, Any]:
    return {**IDENTITE, "code_securite": j.state[CHALLENGE].text.lower()}


def register(engine: Engine, j: Journey) -> None:
    go(engine, j, "commencer")
    go(engine, j, resultat="officiel")
    go(engine, j, "je-cree-mon-espace")
    go(engine, j, **identite(j))
    go(engine, j, **ADRESSE)
    assert go(engine, j, **CONTACT).next_step == "enregistre"


def test_creer_espace_main_path(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    assert j.step == "preparation"
    register(engine, j)
    assert go(engine, j).next_step == "messagerie"
    assert go(engine, j, "ouvrir-lien").next_step == "activation"
    assert go(engine, j, nir=NIR, mot_de_passe=PASSWORD).next_step == "espace-actif"
    assert go(engine, j).next_step == "connexion"
    assert go(engine, j, nir=NIR, mot_de_passe=PASSWORD).next_step == "mes-services"
    assert engine.step_of(j).is_last
    done = go(engine, j)
    assert done.next_step is None and j.finished


def test_back_restores_the_earlier_answers(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    go(engine, j, "commencer")
    go(engine, j, resultat="officiel")
    go(engine, j, "je-cree-mon-espace")
    go(engine, j, **identite(j))
    assert j.step == "adresse"
    partial = {"code_postal": "75001", "nom_voie": "rue de Rivoli"}
    engine.act(j, "back", partial)
    assert j.step == "identite"
    assert j.step_answers()["nom_naissance"] == "Martin"
    assert j.step_answers()["date_naissance"] == "15/01/1980"
    go(engine, j, **identite(j))
    assert j.step == "adresse"
    assert j.step_answers() == {**partial}


def test_back_at_the_first_step_is_refused(engine: Engine) -> None:
    j = engine.start("aide")
    assert engine.back(j) is False
    assert j.step == "recherche"


def test_refused_answers_stay_on_the_step_with_french_messages(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    go(engine, j, "commencer")
    go(engine, j, resultat="officiel")
    go(engine, j, "je-cree-mon-espace")
    bad = {**identite(j), "nir": "1 80 01", "date_naissance": "31/02/1980"}
    out = engine.act(j, "next", bad)
    assert not out.accepted and j.step == "identite"
    assert {"nir", "date_naissance"} <= set(out.errors)
    for messages in out.errors.values():
        assert all(m.text() and "{" not in m.text() for m in messages)


def test_lookalike_search_result_is_refused_with_the_lesson(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    go(engine, j, "commencer")
    step = engine.step_of(j)
    lookalikes = [o.id for o in step.field("resultat").options if o.id != "officiel"]
    assert lookalikes
    for choice in lookalikes:
        out = engine.act(j, "next", {"resultat": choice})
        assert not out.accepted
        assert "lassuranceretraite.fr" in out.errors["resultat"][0].text()


def test_wrong_security_code_gives_a_new_image(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    go(engine, j, "commencer")
    go(engine, j, resultat="officiel")
    go(engine, j, "je-cree-mon-espace")
    first = j.state[CHALLENGE]
    out = engine.act(j, "next", {**IDENTITE, "code_securite": "zzzz"})
    assert not out.accepted and "code_securite" in out.errors
    assert j.state[CHALLENGE] != first
    go(engine, j, "changer-image")
    assert j.step == "identite"


def test_deja_un_espace_goes_to_the_login_procedure(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    out = go(engine, j, "deja-un-espace")
    assert (out.next_procedure, out.next_step) == ("retraite-connexion", "connexion")


def test_activation_link_expired_after_15_days(engine: Engine, clock: FakeClock) -> None:
    j = engine.start("retraite-creer-espace")
    register(engine, j)
    go(engine, j)
    clock.advance(days=16)
    assert go(engine, j, "ouvrir-lien").next_step == "lien-expire"


def _registered_and_active(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    register(engine, j)
    go(engine, j)
    go(engine, j, "ouvrir-lien")
    go(engine, j, nir=NIR, mot_de_passe=PASSWORD)


def test_connexion_lockout_branch(engine: Engine) -> None:
    _registered_and_active(engine)
    j = engine.start("retraite-connexion")
    for _ in range(4):
        out = engine.act(j, "next", {"nir": NIR, "mot_de_passe": "Mauvais123"})
        assert not out.accepted
    out = engine.act(j, "next", {"nir": NIR, "mot_de_passe": "Mauvais123"})
    assert out.next_step == "compte-bloque"
    assert engine.step_of(j).is_last


def test_forgotten_password_through_secret_question(engine: Engine) -> None:
    _registered_and_active(engine)
    j = engine.start("retraite-connexion")
    go(engine, j, "mot-de-passe-oublie")
    assert go(engine, j, nir=NIR).next_step == "question-secrete"
    assert go(engine, j, reponse_secrete="médor").next_step == "nouveau-mot-de-passe"
    new = "Nouveau2025x"
    assert go(engine, j, mot_de_passe=new, mot_de_passe_confirmation=new).next_step == "connexion"
    assert go(engine, j, nir=NIR, mot_de_passe=new).next_step == "mes-services"


def test_forgotten_password_and_question_goes_to_phone_assistance(engine: Engine) -> None:
    j = engine.start("retraite-connexion")
    go(engine, j, "mot-de-passe-oublie")
    assert go(engine, j, "question-oubliee").next_step == "assistance-telephone"
    assert engine.step_of(j).is_last


def test_modifier_email_branch(engine: Engine) -> None:
    _registered_and_active(engine)
    j = engine.start("retraite-connexion")
    go(engine, j, nir=NIR, mot_de_passe=PASSWORD)
    go(engine, j, "modifier-email")
    email = "paul.martin@exemple.com"
    assert go(engine, j, email=email, email_confirmation=email).next_step == "mes-services"
    assert engine.connectors.retraite.accounts["1800175999001"].email == email  # type: ignore[attr-defined]


def test_releve_carriere_path(engine: Engine, clock: FakeClock) -> None:
    _registered_and_active(engine)
    j = engine.start("retraite-releve-carriere")
    go(engine, j, nir=NIR, mot_de_passe=PASSWORD)
    assert go(engine, j).next_step == "releve-carriere"
    assert go(engine, j, "demander-ris").next_step == "demande-prise-en-compte"
    assert go(engine, j, "rafraichir").next_step == "demande-prise-en-compte"
    clock.advance(minutes=6)
    assert go(engine, j, "rafraichir").next_step == "ris-disponible"
    out = go(engine, j, "telecharger")
    assert out.documents and out.next_step == "ris-disponible"
    assert go(engine, j).next_step is None


def test_caf_main_path_and_logout(engine: Engine) -> None:
    j = engine.start("caf-connexion")
    assert j.step == "ou-trouver-nir"
    go(engine, j)
    assert go(engine, j, identifiant=NIR, mot_de_passe="Motdepasse1").next_step == "mon-compte"
    assert go(engine, j, "deconnexion").next_step == "deconnexion"
    assert go(engine, j).next_step is None


@pytest.mark.parametrize("canal", ["sms", "email"])
def test_caf_forgotten_password_by_code(engine: Engine, canal: str) -> None:
    j = engine.start("caf-connexion")
    go(engine, j)
    go(engine, j, "mot-de-passe-oublie")
    assert go(engine, j, identifiant=NIR, canal=canal).next_step == "code-recu"
    assert j.state[INBOX]
    assert go(engine, j, code="123456").next_step == "nouveau-mot-de-passe"
    new = "Nouveau2025"
    go(engine, j, mot_de_passe=new, mot_de_passe_confirmation=new)
    assert go(engine, j, identifiant=NIR, mot_de_passe=new).next_step == "mon-compte"


FC_FIELDS = {
    "impots": {"numero_fiscal": "1234567890123", "mot_de_passe": "secret"},
    "ameli": {"nir": NIR, "mot_de_passe": "secret"},
    "laposte": {"identifiant": "paul@exemple.fr", "mot_de_passe": "secret"},
    "msa": {"nir": NIR, "mot_de_passe": "secret"},
    "yris": {"identifiant": "paul@exemple.fr", "mot_de_passe": "secret"},
    "france-identite": {"identifiant": "paul@exemple.fr", "code_pin": "1234"},
}


@pytest.mark.parametrize("provider", sorted(FC_FIELDS))
def test_franceconnect_each_provider(engine: Engine, provider: str) -> None:
    j = engine.start("franceconnect")
    go(engine, j, fournisseur=provider)
    assert go(engine, j, **FC_FIELDS[provider]).next_step == "retour-service"
    assert go(engine, j).next_step is None


def test_franceconnect_from_caf_returns_logged_in(engine: Engine) -> None:
    j = engine.start("caf-connexion")
    go(engine, j)
    out = go(engine, j, "franceconnect")
    assert (out.next_procedure, out.next_step) == ("franceconnect", "choix-fournisseur")
    go(engine, j, fournisseur="ameli")
    go(engine, j, **FC_FIELDS["ameli"])
    back = go(engine, j)
    assert (back.next_procedure, back.next_step) == ("caf-connexion", "mon-compte")
    assert j.state["caf_account"].organism == "caf"


def test_provider_fields_depend_on_the_provider(engine: Engine) -> None:
    j = engine.start("franceconnect")
    go(engine, j, fournisseur="impots")
    assert {f.id for f in engine.visible_fields(j)} == {"numero_fiscal", "mot_de_passe"}
    out = engine.act(j, "next", {"numero_fiscal": "12"})
    assert set(out.errors) == {"numero_fiscal", "mot_de_passe"}


def test_aide_search_finds_the_blocked_account_answer(engine: Engine) -> None:
    j = engine.start("aide")
    assert go(engine, j, question="mot de passe incorrect").next_step == "reponse"
    results = j.state["search_results"]
    texts = " ".join(engine.catalogue.faq[r].question for r in results)
    assert "mot de passe incorrect" in texts
    assert go(engine, j, "nouvelle-recherche").next_step == "recherche"


def test_unknown_ids_raise_engine_errors(engine: Engine) -> None:
    with pytest.raises(EngineError):
        engine.start("pas-une-demarche")
    j = engine.start("aide")
    with pytest.raises(EngineError):
        engine.act(j, "pas-une-action")
    with pytest.raises(EngineError):
        engine.act(j, "next", {"pas_un_champ": "x"})


def test_secrets_never_in_public_answers(engine: Engine) -> None:
    j = engine.start("retraite-creer-espace")
    register(engine, j)
    stored = repr(j.public_answers())
    assert PASSWORD not in stored and "Médor" not in stored
    assert "paul.martin@exemple.fr" in stored
    j.wipe()
    assert j.answers == {} and j.state == {}
