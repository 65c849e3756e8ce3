"""Rules shared by every field: a required field must be filled."""

from __future__ import annotations

from kiosque.rules.normalize import fold
from kiosque.rules.result import Check
from kiosque.texts import Message

REQUIRED = Message.of("regles.commun.obligatoire")
"""The message shown when a required field (marked with *) is left empty."""

INVISIBLE_CHARACTERS = Message.of("regles.commun.caracteres_invisibles")
"""The message shown when a field holds a control or invisible character."""


def is_blank(value: str) -> bool:
    """Whether nothing but spaces was typed."""
    return fold(value) == ""


def check_required(value: str) -> Check[str]:
    """A required field: anything but spaces is accepted, returned folded (see ``fold``)."""
    folded = fold(value)
    if not folded:
        return Check(None, (REQUIRED,))
    return Check.good(folded)
