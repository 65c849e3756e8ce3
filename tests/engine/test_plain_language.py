"""Plain language in what the citizen reads (issue 7, item 5).

Checked over the catalogue as the kiosk loads it (``load_catalogue``) and over the text
files of ``ressources/textes/fr``:

* every sentence of a step's explanation (intro paragraphs, notes), of a field's help, of
  a procedure's summary, of the kiosk's own FAQ answers and of the kiosk's messages
  (``ressources/textes/fr``) has at most 25 words;
* in each procedure, walking the steps in their declared order, the first step whose
  visible text names a jargon term (NIR, RIS, FranceConnect, Caf, trimestre…) explains it
  close by, in everyday words;
* no English word a French reader may not know (login, password, email…) is shown.

Sentences copied word for word from the organisms' sites (the seeds) are exempt from the
length rule: the practice screens mirror the real pages. The FAQ entries marked
``source: retraite`` or ``source: caf`` are such copies; the few official sentences of the
procedure files are listed in ``OFFICIAL``. Each failure names the file, the step and the
sentence so that a writer can fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosque import resources
from kiosque.procedures.loader import load_catalogue
from kiosque.procedures.model import Catalogue, Field, Procedure, Step
from kiosque.texts import catalogue as text_catalogue

MAX_WORDS = 25

# Sentences of the real sites, kept word for word although longer than MAX_WORDS: each
# is in the seeds (../shared/seeds/), and its step also says it in plain words.
OFFICIAL = frozenset(
    {
        "L'Assurance retraite met à votre disposition votre relevé de situation individuelle"
        " qui récapitule votre carrière et les droits que vous avez acquis dans tous vos"
        " régimes de retraite, obligatoires de base et complémentaires.",
        "Il s'agit d'un dispositif qui me permet de me"
        " connecter, aux services publics en ligne, grâce aux identifiants de connexion de"
        " mes comptes Impots.gouv.fr, Ameli.fr, MobileConnect et moi, MSA ou de la Poste.",
        "Si j'ai perdu mon numéro de sécurité sociale, je peux le demander à la caisse"
        " primaire d'assurance maladie, à la Mutualité sociale agricole (CCMSA), à la"
        " Sécurité sociale pour les indépendants mais aussi auprès de la Caf en présentant ma"
        " pièce d'identité et une pièce d'état civil.",
        "Mon numéro de sécurité sociale se trouve sur le recto de ma carte vitale, sous mon"
        " prénom et mon nom de famille, sur mes bulletins de salaire et sur mon attestation de"
        " droits disponible sur mon compte ameli.",
    }
)


@dataclass(frozen=True)
class Term:
    """A jargon word (``pattern``) and what must be said close to it (``explained``)."""

    name: str
    pattern: str
    explained: str
    meaning: str  # for the failure message: what the explanation should say


# Term → words that must appear near its first use in a procedure (same step, within
# NEAR characters of one of its occurrences). Case is ignored.
GLOSSARY = (
    Term(
        "NIR",
        r"\bNIR\b",
        r"numéro de sécurité sociale",
        "le NIR, c'est le numéro de sécurité sociale",
    ),
    Term(
        "numéro de sécurité sociale",
        r"\b(?:numéro|n°) de sécurité sociale",
        r"carte vitale|13 chiffres",
        "où le trouver : sur la carte Vitale, 13 chiffres",
    ),
    Term(
        "carte Vitale",
        r"\bcarte vitale\b",
        r"assurance maladie",
        "la carte Vitale est la carte de l'Assurance maladie",
    ),
    Term(
        "RIS",
        r"\bRIS\b|relevé individuel de situation",
        r"(?:liste|récapitul\w*)\b.{0,60}(?:trimestres|carrière)",
        "le RIS (relevé individuel de situation) récapitule la carrière, ses trimestres",
    ),
    Term(
        "trimestre",
        r"\btrimestres?\b",
        r"4 (?:trimestres )?(?:par an|par année|dans l'année)|année complète compte 4",
        "une année complète compte au plus 4 trimestres",
    ),
    Term(
        "tous régimes",
        r"\btous régimes\b",
        r"caisses de retraite",
        "« tous régimes » : toutes vos caisses de retraite",
    ),
    Term(
        "FranceConnect",
        r"\bFranceConnect\b",
        r"compte que (?:vous avez|j'ai) déjà|identifiants de connexion de mes comptes",
        "FranceConnect : entrer avec un compte que vous avez déjà (impôts, ameli…)",
    ),
    Term(
        "Caf",
        r"\bcaf\b(?!\.fr)",
        r"caisse d'allocations familiales",
        "la Caf, c'est la Caisse d'allocations familiales",
    ),
    Term(
        "Carsat",
        r"\bcarsat\b",
        r"caisse",
        "la Carsat est la caisse régionale de l'Assurance retraite",
    ),
    Term(
        "ameli",
        r"\bameli\b",
        r"assurance maladie",
        "ameli, c'est le site de l'Assurance maladie",
    ),
    Term(
        "MSA",
        r"\bMSA\b",
        r"mutualité sociale agricole",
        "la MSA, c'est la Mutualité sociale agricole",
    ),
    Term(
        "mandataire",
        r"\bmandataire\b",
        r"pour une autre|à la place",
        "un mandataire fait des démarches pour une autre personne",
    ),
    Term(
        "spam",
        r"\bspams?\b",
        r"indésirables",
        "les spams : le dossier des courriers indésirables",
    ),
    Term(
        "identifiant provisoire",
        r"\bidentifiant provisoire\b",
        r"pas (?:encore )?de numéro de sécurité sociale",
        "pour qui n'a pas (encore) de numéro de sécurité sociale",
    ),
)
NEAR = 250  # characters either side of the term

# English words a French reader may not know. French spelling of the seeds: « e-mail »
# (also « courriel », « adresse électronique »); « SMS », « spam » (explained), « QR code »
# and « Google » are names the citizen meets on screen and are kept.
ENGLISH = re.compile(
    r"(?<![\w-])(?:e?mails?|login|logout|log in|sign in|password|username|user|submit|next"
    r"|back|cancel|click|download|upload|refresh|reset|account|home|help|search|delete"
    r"|update|error|warning|ok|web|inbox)(?![\w-])",
    re.IGNORECASE,
)
# Words of the official sites kept as the seeds write them (« par SMS ou par mail »).
ENGLISH_OFFICIAL = frozenset({"Je reçois un code par SMS ou par mail (selon mon choix)"})

# Text files of the kiosk shown to citizens (agent.yaml is for the counter agents).
CITIZEN_TEXT_FILES = ("interface", "regles", "demarches", "organismes", "documents", "papier")
# Technical messages printed on the installer's terminal, never on the kiosk screen.
NOT_SHOWN = frozenset({"interface.pas_d_ecran"})

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+")
_DIGIT_GROUPS = re.compile(r"(?<=\d) (?=\d)")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_ADDRESS = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:fr|com|net|org)\b")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (list items after « ; » count as sentences)."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def word_count(sentence: str) -> int:
    """Words of a sentence; a number written in groups (0 971 10 20 10) is one word."""
    joined = _DIGIT_GROUPS.sub("", sentence)
    return sum(1 for token in joined.split() if any(c.isalnum() for c in token))


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


OFFICIAL_NORMED = frozenset(_norm(s) for s in OFFICIAL)


@dataclass(frozen=True)
class Text:
    where: str  # "procedures/retraite-connexion.yaml: step connexion, intro[1]"
    text: str


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _file(proc: Procedure) -> str:
    return f"procedures/{proc.id}.yaml"


def explanation_texts(proc: Procedure) -> Iterator[Text]:
    """What explains a procedure: its summary, each step's intro, notes and field help."""
    yield Text(f"{_file(proc)}: summary", proc.summary)
    for step in proc.steps:
        where = f"{_file(proc)}: step {step.id}"
        for i, paragraph in enumerate(step.intro):
            yield Text(f"{where}, intro[{i}]", paragraph)
        for i, note in enumerate(step.notes):
            yield Text(f"{where}, notes[{i}]", note.text)
        for fld in step.fields:
            if fld.help:
                yield Text(f"{where}, field {fld.id} (help)", fld.help)


def visible_texts(step: Step) -> list[str]:
    """Everything a step shows, in the order of the screen."""
    parts = [step.title, *step.intro]
    for note in step.notes:
        parts += [note.title, note.text]
    for fld in step.fields:
        parts += [fld.label, fld.help, fld.example]
        for option in fld.options:
            parts += [option.label, option.url, option.detail]
    parts += [action.label for action in step.actions.values()]
    return [p for p in parts if p]


def citizen_texts() -> Iterator[Text]:
    texts = text_catalogue()
    for key in texts.keys():  # noqa: SIM118 (Catalogue is not a dict)
        origin = texts.origin(key).stem
        if origin in CITIZEN_TEXT_FILES and key not in NOT_SHOWN:
            yield Text(f"textes/fr/{origin}.yaml: {key}", texts.raw(key))


def test_sentences_of_explanations_are_short(catalogue: Catalogue) -> None:
    texts = [t for proc in catalogue.procedures.values() for t in explanation_texts(proc)]
    texts += [
        Text(f"aide/faq.yaml: {entry.id}, answer[{i}]", paragraph)
        for entry in catalogue.faq.values()
        if entry.source == "kiosque"
        for i, paragraph in enumerate(entry.answer)
    ]
    too_long = [
        f"{t.where}: {word_count(s)} words: « {s} »"
        for t in texts
        for s in sentences(t.text)
        if word_count(s) > MAX_WORDS and _norm(s) not in OFFICIAL_NORMED
    ]
    assert too_long == [], (
        f"sentences of more than {MAX_WORDS} words (cut them in two):\n" + "\n".join(too_long)
    )


def test_sentences_of_kiosk_messages_are_short() -> None:
    too_long = [
        f"{t.where}: {word_count(s)} words: « {s} »"
        for t in citizen_texts()
        for s in sentences(_PLACEHOLDER.sub("X", t.text))
        if word_count(s) > MAX_WORDS
    ]
    assert too_long == [], (
        f"sentences of more than {MAX_WORDS} words (cut them in two):\n" + "\n".join(too_long)
    )


def test_official_long_sentences_are_still_used(catalogue: Catalogue) -> None:
    shown = " ".join(
        _norm(t.text) for proc in catalogue.procedures.values() for t in explanation_texts(proc)
    )
    unused = sorted(s for s in OFFICIAL_NORMED if s not in shown)
    assert unused == [], "OFFICIAL lists sentences no procedure shows any more: remove them"


def test_official_long_sentences_come_from_the_seeds() -> None:
    seeds = Path(resources.root()).resolve().parents[1] / "shared" / "seeds"
    files = sorted(seeds.glob("*.txt"))
    if not files:
        pytest.skip("seeds not present beside the project")
    seed_text = _norm(" ".join(f.read_text(encoding="utf-8") for f in files)).lower()
    seed_text = seed_text.replace("’", "'")
    missing = []
    for sentence in OFFICIAL_NORMED:
        # the beginning is enough: the kiosk fixes the seeds' typing slips further on
        if sentence.lower()[:45] not in seed_text:
            missing.append(sentence)
    assert missing == [], "not word for word from the seeds: " + " | ".join(missing)


def _first_use(proc: Procedure, term: Term) -> tuple[Step, str] | None:
    pattern = re.compile(term.pattern, re.IGNORECASE)
    for step in proc.steps:
        screen = " \n ".join(_norm(p) for p in visible_texts(step))
        if pattern.search(screen):
            return step, screen
    return None


def _explained_near(screen: str, term: Term) -> bool:
    pattern = re.compile(term.pattern, re.IGNORECASE)
    explained = re.compile(term.explained, re.IGNORECASE)
    for match in pattern.finditer(screen):
        window = screen[max(0, match.start() - NEAR) : match.end() + NEAR]
        if explained.search(window):
            return True
    return False


def test_jargon_is_explained_the_first_time_a_procedure_uses_it(catalogue: Catalogue) -> None:
    missing = []
    for proc in catalogue.procedures.values():
        for term in GLOSSARY:
            first = _first_use(proc, term)
            if first is None:
                continue
            step, screen = first
            if not _explained_near(screen, term):
                missing.append(
                    f"{_file(proc)}: step {step.id} is the first to say « {term.name} »:"
                    f" explain it there ({term.meaning}; pattern {term.explained!r})"
                )
    assert missing == [], "jargon not explained at its first use:\n" + "\n".join(missing)


def _english(text: str) -> list[str]:
    for official in ENGLISH_OFFICIAL:
        text = text.replace(official, "")
    text = _ADDRESS.sub(" ", _PLACEHOLDER.sub(" ", text))
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


def test_no_english_words_in_what_the_citizen_reads(catalogue: Catalogue) -> None:
    found = []
    for proc in catalogue.procedures.values():
        found += [
            f"{_file(proc)}: title or summary: {words}"
            for words in [_english(proc.title + " " + proc.summary)]
            if words
        ]
        for step in proc.steps:
            for part in visible_texts(step):
                words = _english(part)
                if words:
                    found.append(f"{_file(proc)}: step {step.id}: {words} in « {part} »")
    for entry in catalogue.faq.values():
        for part in (entry.question, *entry.answer):
            words = _english(part)
            if words and entry.source == "kiosque":
                found.append(f"aide/faq.yaml: {entry.id}: {words} in « {part} »")
    for text in citizen_texts():
        words = _english(text.text)
        if words:
            found.append(f"{text.where}: {words} in « {text.text} »")
    assert found == [], "English words (write them in French):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Appelez le 0 971 10 20 10, du lundi au vendredi.", 7),
        ("Il est écrit sur votre carte Vitale : regardez bien.", 9),
        ("« Rafraîchir » — puis touchez · le lien.", 5),
    ],
)
def test_word_count(text: str, expected: int) -> None:
    assert word_count(text) == expected


def test_sentences_split_on_ends_not_on_addresses() -> None:
    assert sentences(
        "Allez sur www.lassuranceretraite.fr. Puis touchez « Valider » ; c'est tout."
    ) == [
        "Allez sur www.lassuranceretraite.fr.",
        "Puis touchez « Valider » ;",
        "c'est tout.",
    ]


def _term(name: str) -> Term:
    return next(t for t in GLOSSARY if t.name == name)


def _procedure(*steps: Step) -> Procedure:
    return Procedure("essai", "Essai", "retraite", "Une démarche d'essai.", steps)


def test_jargon_check_finds_the_first_step_and_wants_the_explanation_there() -> None:
    ris = _term("RIS")
    bare = Step("demande", "Demander mon RIS", intro=("Touchez le bouton.",))
    explained = Step(
        "releve",
        "Mon relevé",
        intro=("Le RIS, c'est la liste de vos trimestres de retraite, année par année.",),
    )
    first = _first_use(_procedure(bare, explained), ris)
    assert first is not None and first[0].id == "demande"
    assert not _explained_near(first[1], ris)
    first = _first_use(_procedure(explained, bare), ris)
    assert first is not None and first[0].id == "releve"
    assert _explained_near(first[1], ris)


def test_jargon_in_a_field_help_counts_and_far_explanations_do_not() -> None:
    vitale = _term("carte Vitale")
    help_only = Step(
        "identite",
        "Votre identité",
        fields=(Field("nir", "nir", "Numéro", help="Il est sur votre carte Vitale."),),
    )
    first = _first_use(_procedure(help_only), vitale)
    assert first is not None and not _explained_near(first[1], vitale)
    far = Step(
        "loin",
        "Votre carte Vitale",
        intro=("Un texte sans rapport. " * 20, "La carte de l'Assurance maladie."),
    )
    first = _first_use(_procedure(far), vitale)
    assert first is not None and not _explained_near(first[1], vitale)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Votre adresse e-mail, votre courriel.", []),
        ("Votre email et votre login.", ["email", "login"]),
        ("Touchez OK.", ["OK"]),
        ("Par mail ou sur marie.dupont@exemple.fr ou caf.fr.", ["mail"]),
        ("Bonjour {email}, lisez vos e-mails.", []),
    ],
)
def test_english_words_are_found(text: str, words: list[str]) -> None:
    assert _english(text) == words
