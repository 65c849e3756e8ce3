"""Fonts and styles from ``ressources/``: one legible font (Atkinson Hyperlegible) on screen
and paper, three text sizes, and a high-contrast theme."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosque import resources

FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FILES = (
    "AtkinsonHyperlegible-Regular.ttf",
    "AtkinsonHyperlegible-Bold.ttf",
    "AtkinsonHyperlegible-Italic.ttf",
)
# Text size levels in px: the largest is 200 % of the default.
SIZES = {
    1: {"base": 18, "petit": 16, "grand": 22, "titre": 28},
    2: {"base": 24, "petit": 21, "grand": 29, "titre": 36},
    3: {"base": 36, "petit": 32, "grand": 42, "titre": 48},
}

_loaded = False


def load_fonts() -> None:
    global _loaded
    if _loaded:
        return
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(resources.path("polices", name)))
    _loaded = True


@dataclass(frozen=True)
class Look:
    size: int = 1  # 1, 2 or 3
    contrast: bool = False


def stylesheet(look: Look) -> str:
    sizes = SIZES[look.size]
    text = resources.path("styles", "kiosque.qss").read_text(encoding="utf-8")
    if look.contrast:
        text += "\n" + resources.path("styles", "contraste.qss").read_text(encoding="utf-8")
    for name, value in sizes.items():
        text = text.replace(f"@{name}@", str(value))
    return text.replace("@images@", resources.path("images").as_posix())


def apply(app: QApplication, look: Look) -> None:
    load_fonts()
    font = QFont(FONT_FAMILY)
    font.setPixelSize(SIZES[look.size]["base"])
    app.setFont(font)
    app.setStyleSheet(stylesheet(look))
