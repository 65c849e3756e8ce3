"""Every message key the rules use exists in regles.yaml, and every text there is used."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import kiosque.rules
from kiosque import resources
from kiosque.texts import catalogue, placeholders

RULES_DIR = Path(kiosque.rules.__file__).parent
KEY_LITERAL = re.compile(r"\"(regles\.[A-Za-z0-9_.\-]+)\"")


def used_keys() -> set[str]:
    found: set[str] = set()
    for source in RULES_DIR.glob("*.py"):
        found.update(KEY_LITERAL.findall(source.read_text(encoding="utf-8")))
    return found


def test_every_key_used_by_the_rules_exists() -> None:
    texts = catalogue()
    missing = sorted(key for key in used_keys() if key not in texts)
    assert missing == []


def test_every_text_of_regles_yaml_is_used() -> None:
    data = yaml.safe_load(resources.path("textes", "fr", "regles.yaml").read_text("utf-8"))
    defined: set[str] = set()

    def walk(prefix: str, node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            defined.add(prefix)

    walk("", data)
    assert sorted(defined - used_keys()) == []
    assert all(key.startswith("regles.") for key in defined)


def test_texts_are_french_sentences() -> None:
    texts = catalogue()
    for key in used_keys():
        template = texts.raw(key)
        if ".libelle." in key or ".complement." in key:
            continue
        assert template[0].isupper() or template[0] in "«(", key
        assert template.rstrip().endswith((".", "?", ":")), key
        # Ask the citizen with a {placeholder} only as the code provides it.
        assert placeholders(template) <= {
            "champ",
            "caracteres",
            "chiffre",
            "cle",
            "code",
            "complement",
            "date",
            "departement",
            "jour",
            "jours",
            "longueur",
            "maximum",
            "minimum",
            "mois",
            "nombre",
            "numero",
            "suggestion",
        }, key
