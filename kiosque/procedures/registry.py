"""The names a procedure file may use, checked by the loader."""

from __future__ import annotations

from kiosque.procedures.actions import CALLS
from kiosque.procedures.options import SOURCES
from kiosque.procedures.validators import FIELD_RULES

RULES = frozenset(FIELD_RULES)
CALL_OUTCOMES: dict[str, tuple[str, ...]] = {name: spec.outcomes for name, spec in CALLS.items()}
OPTION_SOURCES = frozenset(SOURCES)
# Special pages of the kiosk (kiosque/ui registers one class per id; others are generic).
PAGES = frozenset(
    {
        "identite",
        "contact",
        "messagerie",
        "connexion",
        "mes-services",
        "ris",
        "ou-trouver-nir",
        "code-recu",
        "franceconnect",
        "reponse",
    }
)
