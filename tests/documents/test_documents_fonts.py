"""One font, embedded, and what happens to characters it cannot draw."""

from __future__ import annotations

import re
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from kiosque.documents import fonts
from kiosque.documents.layout import esc, text
from kiosque.texts import catalogue

DOCUMENTS = Path(__file__).resolve().parents[2] / "kiosque" / "documents"


def test_registration_is_idempotent_and_cheap() -> None:
    first = fonts.register()
    start = time.perf_counter()
    for _ in range(1000):
        assert fonts.register() is first
    assert time.perf_counter() - start < 0.05
    assert ord("é") in first and ord("€") in first and ord("«") in first


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Zoé😀", "Zoé?"),
        ("Léa\u202eNDIAYE", "Léa?NDIAYE"),  # a bidi override cannot reorder the line
        ("Jo\u200bé", "Jo?é"),  # zero-width space made visible
        ("A👨‍👩‍👧B", "A?B"),  # one « ? » for a whole emoji sequence
        ("tab\there\nnew", "tab here new"),
        ("N'Diaye-Lefèvre Œdipe", "N'Diaye-Lefèvre Œdipe"),
        ("e\u0301", "é"),  # decomposed accents are composed first
        ("Ça ?", "Ça ?"),
    ],
)
def test_printable_replaces_what_the_font_cannot_draw(typed: str, printed: str) -> None:
    assert fonts.printable(typed) == printed


def test_printable_cuts_an_absurdly_long_value() -> None:
    assert fonts.printable("A" * 200) == "A" * 200
    long = fonts.printable("B" * 5000)
    assert len(long) == fonts.MAX_CHARS and long.endswith("…")


@pytest.mark.parametrize("hostile", ["<b>", "&", "</para>", "<font size=99>", "&amp;", "]]>"])
def test_escaped_values_cannot_become_markup(hostile: str) -> None:
    assert "<" not in esc(hostile) and ">" not in esc(hostile)
    filled = text("documents.recu.borne", site=hostile, borne="1")
    assert filled == f"Borne France Services : {escape(hostile)} — borne 1"


def test_every_document_sentence_is_drawn_by_the_font() -> None:
    texts = catalogue()
    names = texts.keys()  # a sorted list (the catalogue is not a mapping)
    keys = [k for k in names if k.startswith("documents.")]
    assert len(keys) > 80
    for key in keys:
        raw = texts.raw(key)
        assert fonts.printable(raw) == raw, key


def _used_keys() -> set[str]:
    used: set[str] = set()
    for path in DOCUMENTS.glob("*.py"):
        used |= set(re.findall(r"[\"'](documents\.[a-z0-9_.{}:]+)[\"']", path.read_text()))
    return used


def test_every_key_the_code_names_exists_and_every_documents_text_is_used() -> None:
    names = catalogue().keys()
    keys = {k for k in names if k.startswith("documents.")}
    patterns = []
    for used in _used_keys():
        if "{" in used:  # an f-string: documents.resume.erreur_{n}
            patterns.append(re.compile(re.sub(r"\\\{[^}]*\\\}", "[a-z0-9_]+", re.escape(used))))
        else:
            assert used in keys, f"{used} is named in the code but not in documents.yaml"
    used_keys = _used_keys()
    unused = [k for k in keys if k not in used_keys and not any(p.fullmatch(k) for p in patterns)]
    assert unused == []
