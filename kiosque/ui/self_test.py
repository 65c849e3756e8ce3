"""The Qt half of ``kiosque self-test`` (the command lives in
:mod:`kiosque.commands.self_test`; PySide6 stays under ``kiosque/ui/``): fonts, one real
page of the kiosk drawn without showing it, and the printers.

Each function returns the detail line of its check, or raises :class:`QtCheckError` with
the reason in French.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontInfo, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from kiosque import resources
from kiosque.context import Context
from kiosque.services import KioskSession
from kiosque.ui import theme
from kiosque.ui.main_window import KioskWindow

PAGE_SIZE = (1280, 800)


class QtCheckError(Exception):
    """A Qt check failed; the message says why, in French."""


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def check_fonts() -> str:
    """Every font file of ``ressources/polices`` loads, and the kiosk's font resolves
    (Qt silently falls back to another font otherwise)."""
    app = application()  # the font database needs it (without it Qt crashes)
    families: set[str] = set()
    for name in theme.FONT_FILES:
        file = resources.path("polices", name)
        font_id = QFontDatabase.addApplicationFont(str(file))
        if font_id < 0:
            raise QtCheckError(f"{file} ne se charge pas")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if theme.FONT_FAMILY not in families:
        raise QtCheckError(
            f"la police « {theme.FONT_FAMILY} » manque (trouvé : {sorted(families)})"
        )
    theme.apply(app, theme.Look())
    used = QFontInfo(app.font()).family()
    if used != theme.FONT_FAMILY:
        raise QtCheckError(f"l'écran utilise « {used} » au lieu de « {theme.FONT_FAMILY} »")
    return f"{theme.FONT_FAMILY} à l'écran ({len(theme.FONT_FILES)} fichiers)"


def render_page(context: Context, session: KioskSession, out: Path) -> str:
    """Draw the kiosk window on the session's current step, never shown on screen, save it
    to ``out`` (PNG) and check that something was drawn."""
    app = application()
    theme.apply(app, theme.Look())
    settings = context.settings
    window = KioskWindow(
        context.catalogue,
        idle_warning=settings.idle_warning_seconds,
        idle_wipe=settings.idle_wipe_seconds,
    )
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(*PAGE_SIZE)
        window.attach(context)
        window.show_session(session)
        window.show()
        for _ in range(3):
            app.processEvents()
        image = window.grab().toImage()
        title = window.wizard.title.text()
        if image.isNull() or image.width() < PAGE_SIZE[0] // 2:
            raise QtCheckError("la fenêtre n'a rien dessiné")
        colours = _colours(image)
        if colours < 3:
            raise QtCheckError(f"la page dessinée est vide ({colours} couleur(s))")
        if not image.save(str(out)):
            raise QtCheckError(f"impossible d'enregistrer {out}")
        platform = QGuiApplication.platformName()
        return f"page « {title} » dessinée ({image.width()}×{image.height()}, {platform})"
    finally:
        window.idle.stop()
        window.runner.wait()
        window.close()
        window.deleteLater()
        app.processEvents()


def _colours(image: QImage, grid: int = 40) -> int:
    seen = set()
    for i in range(grid):
        for j in range(grid):
            x = image.width() * (2 * i + 1) // (2 * grid)
            y = image.height() * (2 * j + 1) // (2 * grid)
            seen.add(image.pixel(x, y))
    return len(seen)


def printers(wanted: str) -> tuple[bool, str]:
    """(ok, detail): the printer named in the settings (or the default one) is installed.
    No printer at all is only a warning: a terminal may be prepared before its printer."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:  # a bundle built without it
        return False, "module d'impression de Qt absent"
    names = QPrinterInfo.availablePrinterNames()
    if wanted:
        if wanted not in names:
            raise QtCheckError(
                f"l'imprimante « {wanted} » des réglages est introuvable "
                f"(installées : {', '.join(names) or 'aucune'})"
            )
        return True, f"« {wanted} »"
    default = QPrinterInfo.defaultPrinterName()
    if default:
        return True, f"« {default} » (par défaut)"
    if names:
        return False, f"pas d'imprimante par défaut (installées : {', '.join(names)})"
    return False, "aucune imprimante installée"
