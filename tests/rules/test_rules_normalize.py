"""Typography folding, accent-free comparison, forbidden characters."""

from __future__ import annotations

import pytest

from kiosque.rules.normalize import fold, has_forbidden_chars, strip_accents_lower


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("D’Artagnan", "D'Artagnan"),
        ("D‘Artagnan", "D'Artagnan"),
        ("Dʼartagnan", "D'artagnan"),
        ("D´Artagnan", "D'Artagnan"),
        ("D`Artagnan", "D'Artagnan"),
        ("Marie‐Claire", "Marie-Claire"),
        ("Marie‑Claire", "Marie-Claire"),
        ("Marie–Claire", "Marie-Claire"),
        ("Marie—Claire", "Marie-Claire"),
        ("Marie−Claire", "Marie-Claire"),
        ("  a \u00a0 b\u202fc\t ", "a b c"),
        ("e\u0301", "é"),
        ("", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "plain"),
    [("Lefèvre", "lefevre"), ("ÑÚÑEZ", "nunez"), ("Œuvre", "oeuvre"), ("Straße", "strasse")],
)
def test_strip_accents_lower(raw: str, plain: str) -> None:
    assert strip_accents_lower(raw) == plain


FORBIDDEN = [
    "\x00",
    "\x07",
    "\t",
    "\n",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    "\u202a",
    "\u202d",
    "\u202e",
    "\u2060",
    "\u2064",
    "\u2066",
    "\u2069",
    "\ufeff",
]


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_forbidden_chars(char: str) -> None:
    assert has_forbidden_chars(f"ab{char}cd")


@pytest.mark.parametrize("text", ["Lefèvre", "N'Diaye", "李小龍", "😀", "a\u00a0b", "a\u202fb", ""])
def test_ordinary_text_is_not_forbidden(text: str) -> None:
    assert not has_forbidden_chars(text)
