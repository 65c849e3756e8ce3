"""Atkinson Hyperlegible for every document, and what to do with characters it lacks.

The same TTF files are used on screen, so paper and screen look alike. reportlab embeds
a subset of the font in each PDF.

Characters the font cannot draw (emoji, most non-Latin scripts) and invisible control or
format characters (bidirectional overrides such as U+202E, zero-width characters) are
printed as one « ? » per run: the paper shows that the typed text held something
unusual, nothing is silently hidden, and nothing can reorder the printed line.
"""

from __future__ import annotations

import threading
import unicodedata

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosque import resources

REGULAR = "AtkinsonHyperlegible"
BOLD = "AtkinsonHyperlegible-Bold"
ITALIC = "AtkinsonHyperlegible-Italic"
_FILES = {
    REGULAR: "AtkinsonHyperlegible-Regular.ttf",
    BOLD: "AtkinsonHyperlegible-Bold.ttf",
    ITALIC: "AtkinsonHyperlegible-Italic.ttf",
}

PLACEHOLDER = "?"
MAX_CHARS = 500  # a value longer than this is cut with « … » (no real value is that long)

_lock = threading.Lock()
_charset: frozenset[int] = frozenset()


def register() -> frozenset[int]:
    """Register the three faces once (cheap on repeat); the code points all three draw."""
    global _charset
    if _charset:
        return _charset
    with _lock:
        if not _charset:
            faces = []
            for name, file in _FILES.items():
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(resources.path("polices", file))))
                faces.append(pdfmetrics.getFont(name).face)
            pdfmetrics.registerFontFamily(
                REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD
            )
            common = set(faces[0].charToGlyph)
            for face in faces[1:]:
                common &= set(face.charToGlyph)
            _charset = frozenset(common)
    return _charset


def printable(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` with only characters the font draws (see the module's docstring)."""
    charset = register()
    out: list[str] = []
    replacing = False  # inside a run of replaced characters: one « ? » for the run
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        if ch in "\t\n\r\v\f" or category in ("Zl", "Zp"):
            kept = " "
        elif category[0] == "C":  # control, format (bidi, zero-width), surrogate, unassigned
            kept = ""
        elif ord(ch) in charset:
            kept = ch
        elif category == "Zs":
            kept = " "
        else:
            kept = ""
        if kept:
            out.append(kept)
        elif not replacing:
            out.append(PLACEHOLDER)
        replacing = not kept
    if len(out) > limit:
        out = [*out[: limit - 1], "…"]
    return "".join(out)
