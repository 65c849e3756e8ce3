"""Every agent text the code names exists in agent.yaml, and every text there is used."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kiosque import resources, settings
from kiosque.agents import Action
from kiosque.retention import FOLDERS
from kiosque.texts import catalogue

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "kiosque" / "agents").glob("*.py")),
    ROOT / "kiosque" / "figures.py",
    ROOT / "kiosque" / "retention.py",
    *sorted((ROOT / "kiosque" / "commands").glob("*.py")),
    *sorted((ROOT / "kiosque" / "ui" / "agent").glob("*.py")),
]
LITERAL = re.compile(r"[\"'](agent\.[a-z_\-]+(?:\.[a-z_\-]+)*)[\"']")
# Keys the code builds from a prefix (the prefixes are named in the code as literals).
PREFIX = re.compile(r"[\"'](agent\.[a-z_\-.]+\.)[\"']|\bt\(f[\"'](agent\.[a-z_\-.]+\.)\{")
ALSO_BUILT = (
    "agent.csv.",  # c = "agent.csv."; t(c + ...)
    "agent.statistiques.",  # S
    "agent.reglages.",  # R
    "agent.purge.",  # P
    "agent.personne.",  # D
    "agent.export.",  # E
    "agent.debloquer.",  # prefix of NirActionSection
    "agent.inscription.",
    "agent.seances.",
    "agent.recus.",
    "agent.menu.",
    "agent.actions.",
)


def defined() -> set[str]:
    data = yaml.safe_load(resources.path("textes", "fr", "agent.yaml").read_text("utf-8"))
    keys: set[str] = set()

    def walk(prefix: str, node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}", value)
        else:
            keys.add(prefix)

    walk("agent", data["agent"])
    assert list(data) == ["agent"]
    return keys


def used() -> tuple[set[str], set[str]]:
    literals: set[str] = set()
    prefixes: set[str] = set(ALSO_BUILT)
    for source in SOURCES:
        content = source.read_text(encoding="utf-8")
        literals.update(k for k in LITERAL.findall(content) if not k.endswith((".", ".qss")))
        for a, b in PREFIX.findall(content):
            prefixes.add(a or b)
    return literals, prefixes


def test_every_key_the_code_names_exists() -> None:
    texts = catalogue()
    literals, _ = used()
    assert sorted(k for k in literals if k not in texts) == []


def test_every_text_is_used() -> None:
    literals, prefixes = used()
    unused = sorted(
        key
        for key in defined()
        if key not in literals and not any(key.startswith(p) for p in prefixes)
    )
    assert unused == []


def test_the_keys_built_from_ids_all_exist() -> None:
    texts = catalogue()
    needed = [f"agent.actions.{a.value}" for a in Action]
    needed += [f"agent.reglages.cles.{key}" for key in settings.kinds()]
    needed += [f"agent.seances.etats.{s}" for s in ("active", "finished", "wiped", "expired")]
    needed += [f"agent.seances.codes.{c}" for c in ("aucun", "valable", "expire", "bloque")]
    needed += [f"agent.purge.tables.{table}" for table in ALL_TABLES] + [
        f"agent.purge.tables.{FOLDERS}"
    ]
    needed += [
        f"agent.reglages.erreurs.{p}"
        for p in ("unknown", "integer", "text", "minimum", "longer", "file")
    ]
    assert [key for key in needed if key not in texts] == []


ALL_TABLES = (
    "kiosk_sessions",
    "receipts",
    "mail_messages",
    "login_attempts",
    "ris_requests",
    "caf_codes",
    "retraite_accounts",
    "caf_accounts",
    "fc_accounts",
)


def test_texts_are_french_sentences_or_labels() -> None:
    texts = catalogue()
    for key in defined():
        value = texts.raw(key)
        assert value and value.lstrip() == value, key
        assert "  " not in value, key
        if key.startswith(("agent.csv.", "agent.export.valeurs.")) or key in (
            "agent.console.actif",
            "agent.console.desactive_etat",
        ):
            continue  # column names and values, lower case on purpose
        assert value[0].isupper() or value[0].isdigit() or value[0] in "«({—", key
