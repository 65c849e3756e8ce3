"""Text normalisation shared by the rules: typography folding and accent-free comparison.

Citizens type on kiosk keyboards, paste from phones, or copy from PDF letters: the same
name may arrive with a typographic apostrophe (’), a non-breaking space or an en dash.
These helpers bring every such variant back to one plain form before any rule looks at
the text.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophe look-alikes → ASCII apostrophe; dash look-alikes → ASCII hyphen-minus.
_APOSTROPHES = "’‘ʼ´`′ʹ"
_DASHES = "‐‑‒–—―−"
_FOLD_TABLE = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_DASHES, "-")})

# Letters that Unicode decomposition leaves whole but that a French reader treats as
# plain letters when comparing ("Cœur" and "COEUR" are the same word).
_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}
    | {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"}
)

# Characters that never belong in a typed field: C0/C1 control characters, soft hyphen,
# zero-width characters (U+200B-U+200F), line/paragraph separators and bidi embeddings and
# overrides (U+2028-U+202E), word joiners and invisible operators (U+2060-U+2064), bidi
# isolates (U+2066-U+2069), the Arabic letter mark, the Mongolian vowel separator, the
# byte-order mark (U+FEFF), and lone surrogates (which no keyboard can produce).
_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)


def _text(value: object) -> str:
    """The value as a string; anything that is not a string counts as empty."""
    return value if isinstance(value, str) else ""


def fold(s: str) -> str:
    """NFC, plain apostrophes and hyphens, single spaces, no surrounding spaces."""
    text = unicodedata.normalize("NFC", _text(s)).translate(_FOLD_TABLE)
    return " ".join(text.split())


def strip_accents_lower(s: str) -> str:
    """The text without accents and without case, for comparisons ("Lefèvre" → "lefevre")."""
    text = unicodedata.normalize("NFKD", _text(s).translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text.casefold().translate(_LIGATURES))


def has_forbidden_chars(s: str) -> bool:
    """Whether the text holds a control, zero-width or bidi-override character."""
    return _FORBIDDEN.search(_text(s)) is not None


def remove_forbidden_chars(s: str) -> str:
    """The text with every forbidden (invisible or control) character removed."""
    return _FORBIDDEN.sub("", _text(s))
