"""The catalogue holds every id of SPEC §8 and every FAQ entry / tip of the seeds, and a
malformed procedure file is refused with a message naming the file and the entry."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosque import resources
from kiosque.procedures.loader import CatalogueError, load_catalogue
from kiosque.texts import placeholders

SPEC_STEPS = {
    "retraite-creer-espace": [
        "preparation", "trouver-le-site", "accueil-site", "identite", "adresse", "contact",
        "enregistre", "messagerie", "activation", "espace-actif", "connexion", "mes-services",
    ],
    "retraite-releve-carriere": [
        "connexion", "mes-services", "releve-carriere", "demande-prise-en-compte",
        "ris-disponible",
    ],
    "retraite-connexion": [
        "connexion", "mot-de-passe-oublie", "question-secrete", "nouveau-mot-de-passe",
        "compte-bloque", "modifier-email", "mes-services",
    ],
    "caf-connexion": [
        "ou-trouver-nir", "connexion", "mot-de-passe-oublie", "code-recu",
        "nouveau-mot-de-passe", "mon-compte", "deconnexion",
    ],
    "franceconnect": ["choix-fournisseur", "connexion-fournisseur", "retour-service"],
    "aide": ["recherche", "reponse"],
}  # fmt: skip

SPEC_FIELDS = {
    ("retraite-creer-espace", "trouver-le-site"): ["resultat"],
    ("retraite-creer-espace", "identite"): [
        "nir", "civilite", "nom_naissance", "prenom", "date_naissance", "code_securite",
        "conditions_acceptees",
    ],
    ("retraite-creer-espace", "adresse"): [
        "pays", "code_postal", "ville", "numero_voie", "complement", "nom_voie",
    ],
    ("retraite-creer-espace", "contact"): [
        "telephone", "email", "email_confirmation", "mot_de_passe",
        "mot_de_passe_confirmation", "question_secrete", "reponse_secrete",
    ],
    ("retraite-creer-espace", "activation"): ["nir", "mot_de_passe"],
    ("retraite-creer-espace", "connexion"): ["nir", "mot_de_passe"],
    ("retraite-releve-carriere", "connexion"): ["nir", "mot_de_passe"],
    ("retraite-connexion", "question-secrete"): ["reponse_secrete"],
    ("retraite-connexion", "nouveau-mot-de-passe"): ["mot_de_passe", "mot_de_passe_confirmation"],
    ("retraite-connexion", "modifier-email"): ["email", "email_confirmation"],
    ("caf-connexion", "connexion"): ["identifiant", "mot_de_passe"],
    ("caf-connexion", "mot-de-passe-oublie"): ["identifiant", "canal"],
    ("caf-connexion", "code-recu"): ["code"],
    ("franceconnect", "choix-fournisseur"): ["fournisseur"],
    ("franceconnect", "connexion-fournisseur"): ["nir", "mot_de_passe"],
    ("aide", "recherche"): ["question"],
}  # fmt: skip

SPEC_ACTIONS = {
    "preparation": ["commencer", "deja-un-espace"],
    "accueil-site": ["je-cree-mon-espace", "se-connecter", "franceconnect"],
    "messagerie": ["ouvrir-lien"],
    "releve-carriere": ["demander-ris"],
    "demande-prise-en-compte": ["rafraichir"],
    "ris-disponible": ["telecharger"],
    "connexion": ["mot-de-passe-oublie"],
    "mon-compte": ["deconnexion"],
}

SPEC_OPTIONS = {
    ("retraite-creer-espace", "identite", "civilite"): {"Madame", "Monsieur"},
    ("caf-connexion", "mot-de-passe-oublie", "canal"): {"sms", "email"},
    ("franceconnect", "choix-fournisseur", "fournisseur"): {
        "impots", "ameli", "laposte", "msa", "yris", "france-identite",
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue()


def test_every_spec_procedure_and_step_in_order(catalogue: Any) -> None:
    for pid, steps in SPEC_STEPS.items():
        proc = catalogue.procedure(pid)
        ids = [s.id for s in proc.steps]
        positions = [ids.index(s) for s in steps]
        # main-path steps keep their SPEC order (branches may sit anywhere)
        if pid in ("retraite-creer-espace", "retraite-releve-carriere", "franceconnect", "aide"):
            assert positions == sorted(positions), (pid, ids)


def test_every_spec_field(catalogue: Any) -> None:
    for (pid, sid), fields in SPEC_FIELDS.items():
        step = catalogue.procedure(pid).step(sid)
        for fid in fields:
            assert step.has_field(fid), (pid, sid, fid)


def test_every_spec_action(catalogue: Any) -> None:
    for sid, actions in SPEC_ACTIONS.items():
        holders = [p.step(sid) for p in catalogue.procedures.values() if p.has_step(sid)]
        assert holders, sid
        for action in actions:
            assert any(action in s.actions for s in holders), (sid, action)


def test_spec_option_ids(catalogue: Any) -> None:
    for (pid, sid, fid), ids in SPEC_OPTIONS.items():
        field = catalogue.procedure(pid).step(sid).field(fid)
        assert set(field.option_ids()) == ids
    from kiosque.procedures import options

    questions = {o.id for o in options.secret_questions()}
    assert questions == {
        "nom-mere", "ville-naissance-pere", "premier-animal", "meilleur-ami-enfance",
        "premiere-ecole",
    }  # fmt: skip
    assert options.countries()[0].id == "FR"


def _seed(name: str) -> str:
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    files = list(seeds.glob(f"{name}_*.txt"))
    if not files:
        pytest.skip("seeds not present beside the project")
    return files[0].read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("t'on", "-on").split()).lower()


def test_every_faq_question_of_seed_001_is_in_the_catalogue(catalogue: Any) -> None:
    seed = _seed("001")
    questions = [
        line.strip()
        for line in seed.splitlines()
        if line.strip().endswith("?") and len(line.strip()) > 20
    ] + [
        'Dès que je tape mon mot de passe, j\'obtiens le message "mot de passe incorrect"',
        "Le message d'erreur \"nous n'avons pas pu vous identifier\" s'affiche, que faire ?",
    ]
    ours = [_norm(e.question) for e in catalogue.faq.values() if e.source == "retraite"]
    answers = " ".join(_norm(" ".join(e.answer)) for e in catalogue.faq.values())
    for q in questions:
        key = _norm(q)[:45]
        assert any(key[:30] in o for o in ours), q
    for phone in ("0 971 10 20 10", "3960", "prix d'un appel local", "8h à 17h"):
        assert _norm(phone) in answers


def test_every_tip_of_seed_002_is_in_the_catalogue(catalogue: Any) -> None:
    _seed("002")
    caf = " ".join(
        _norm(e.question + " " + " ".join(e.answer))
        for e in catalogue.faq.values()
        if e.source == "caf"
    )
    for tip in (
        "recto",
        "bulletins de salaire",
        "attestation de droits",
        "confidentiel",
        "caisse primaire d'assurance maladie",
        "identifiant provisoire",
        "lettres et de chiffres",
        "sms",
        "déconnexion",
        "franceconnect",
        "impots.gouv.fr",
        "yris",
        "france identité",
        "j'accède à mon service",
    ):
        assert _norm(tip) in caf, tip


def test_each_step_links_existing_faq_and_most_steps_have_help(catalogue: Any) -> None:
    with_faq = [s for p in catalogue.procedures.values() for s in p.steps if s.faq]
    assert len(with_faq) >= 15


def test_texts_have_well_formed_placeholders() -> None:
    from kiosque.texts import catalogue as texts

    cat = texts()
    for key in cat.keys():  # noqa: SIM118 (Catalogue is not a dict)
        placeholders(cat.raw(key))  # raises on a malformed template


# -- malformed files -------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    dst = tmp_path / "ressources"
    shutil.copytree(resources.root(), dst)
    return dst


def _edit(tree: Path, name: str, change: Any) -> None:
    file = tree / "procedures" / f"{name}.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _step(data: Any, sid: str) -> Any:
    return next(s for s in data["steps"] if s["id"] == sid)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _step(d, "connexion")["fields"][0].update(kind="telepathie"), "fields[0] (nir)"),
        (lambda d: _step(d, "connexion")["fields"][0].update(rule="devine"), "unknown rule"),
        (lambda d: _step(d, "connexion").update(faq=["pas-de-faq"]), "pas-de-faq"),
        (
            lambda d: _step(d, "connexion")["actions"]["next"].update(goto="nulle-part"),
            "no step 'nulle-part'",
        ),
        (
            lambda d: _step(d, "connexion")["actions"]["next"].update(call="retraite.voler"),
            "unknown call",
        ),
        (
            lambda d: _step(d, "connexion")["actions"]["next"].update(
                goto={"gagne": "mes-services"}
            ),
            "no outcome 'gagne'",
        ),
        (lambda d: d.pop("title"), "'title' is a required property"),
        (lambda d: d["steps"].append(dict(d["steps"][0])), "step id used twice"),
    ],
)
def test_malformed_procedure_names_file_and_entry(tree: Path, change: Any, expected: str) -> None:
    _edit(tree, "retraite-connexion", change)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(tree)
    message = str(err.value)
    assert message.startswith("retraite-connexion.yaml: ")
    assert expected in message


def test_invalid_yaml_names_the_file(tree: Path) -> None:
    (tree / "procedures" / "aide.yaml").write_text("id: aide\nsteps: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^aide\.yaml: not valid YAML"):
        load_catalogue(tree)


def test_faq_entry_with_missing_answer_is_named(tree: Path) -> None:
    file = tree / "aide" / "faq.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    first = data["entries"][0]
    del first["answer"]
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match=rf"faq\.yaml: entries\[0\] \({first['id']}\)"):
        load_catalogue(tree)


def test_the_home_screen_titles_are_the_catalogues(tmp_path: Path) -> None:
    """The first screen reads the titles only (the full check comes right after); a file
    it cannot read is left out, for the full load to name."""
    from kiosque.procedures.titles import procedure_titles

    catalogue = load_catalogue()
    expected = {p.id: (p.title, p.summary) for p in catalogue.procedures.values()}
    assert procedure_titles() == expected
    (tmp_path / "procedures").mkdir()
    source = resources.path("procedures", "aide.yaml")
    (tmp_path / "procedures" / "aide.yaml").write_bytes(source.read_bytes())
    (tmp_path / "procedures" / "casse.yaml").write_text("id: [casse\n", encoding="utf-8")
    assert procedure_titles(tmp_path) == {"aide": expected["aide"]}
