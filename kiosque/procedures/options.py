"""Dynamic option lists (``options_from``): countries, communes of a postal code, etc."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from kiosque import resources
from kiosque.procedures.model import Option


@dataclass(frozen=True)
class Commune:
    code_postal: str
    insee: str
    nom: str
    acheminement: str


def _yaml_options(file: str, key: str) -> tuple[Option, ...]:
    data = resources.load_yaml(resources.path("donnees", file).read_text(encoding="utf-8"))
    return tuple(Option(o["id"], o["label"], o.get("detail", "")) for o in data[key])


@lru_cache(maxsize=1)
def countries() -> tuple[Option, ...]:
    return _yaml_options("pays.yaml", "pays")


@lru_cache(maxsize=1)
def secret_questions() -> tuple[Option, ...]:
    return _yaml_options("questions-secretes.yaml", "questions")


@lru_cache(maxsize=1)
def providers() -> tuple[Option, ...]:
    return _yaml_options("fournisseurs.yaml", "fournisseurs")


@lru_cache(maxsize=1)
def _communes_by_postal_code() -> Mapping[str, tuple[Commune, ...]]:
    table: dict[str, list[Commune]] = defaultdict(list)
    with resources.path("donnees", "communes.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, insee, nom, acheminement = line.rstrip("\n").split("\t")
            table[cp].append(Commune(cp, insee, nom, acheminement))
    return {cp: tuple(sorted(v, key=lambda c: c.nom)) for cp, v in table.items()}


def communes(code_postal: str) -> tuple[Commune, ...]:
    """Communes served by a French postal code (empty for an unknown code)."""
    return _communes_by_postal_code().get(code_postal.strip(), ())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("'", " ").lower().split())


def find_commune(code_postal: str, value: str) -> Commune | None:
    """The commune named by its INSEE code or its name (as the postal data writes it)."""
    wanted = _fold(value)
    for commune in communes(code_postal):
        if value.strip() == commune.insee or wanted in (
            _fold(commune.nom),
            _fold(commune.acheminement),
        ):
            return commune
    return None


def commune_options(code_postal: str) -> tuple[Option, ...]:
    return tuple(Option(c.insee, c.nom) for c in communes(code_postal))


STATIC_SOURCES = {
    "pays": countries,
    "questions_secretes": secret_questions,
    "fournisseurs": providers,
}
SOURCES = (*STATIC_SOURCES, "communes")
