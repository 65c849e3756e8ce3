"""Draws Kiosque's icon with Qt and writes ``packaging/kiosque.ico`` (and a 256 px PNG
beside it) through Pillow: a Bleu France rounded square holding a white « K » in the
kiosk's own font (Atkinson Hyperlegible Bold) over a small receipt.

Run it again after changing the drawing (the .ico is committed, so a build needs no Qt
drawing step):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLEU_FRANCE = "#000091"
ROUGE_MARIANNE = "#E1000F"


def draw_png(size: int = 256) -> bytes:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFont(
        str(ROOT / "ressources" / "polices" / "AtkinsonHyperlegible-Bold.ttf")
    )
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    unit = size / 256
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(BLEU_FRANCE))
    painter.drawRoundedRect(
        QRectF(8 * unit, 8 * unit, 240 * unit, 240 * unit), 44 * unit, 44 * unit
    )
    # the receipt coming out of the terminal, with a red line (the Marianne's red)
    painter.setBrush(QColor("white"))
    painter.drawRect(QRectF(150 * unit, 150 * unit, 64 * unit, 76 * unit))
    painter.setBrush(QColor(ROUGE_MARIANNE))
    painter.drawRect(QRectF(160 * unit, 166 * unit, 44 * unit, 8 * unit))
    painter.setBrush(QColor(BLEU_FRANCE))
    for row in range(3):
        painter.drawRect(QRectF(160 * unit, (184 + row * 14) * unit, 44 * unit, 6 * unit))
    font = QFont(families[0] if families else "Sans Serif")
    font.setBold(True)
    font.setPixelSize(round(170 * unit))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(
        QRectF(20 * unit, 4 * unit, 150 * unit, 220 * unit), Qt.AlignmentFlag.AlignCenter, "K"
    )
    painter.end()

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    del app
    return bytes(data.data())


def main() -> int:
    from PIL import Image

    png = draw_png(256)
    (HERE / "kiosque.png").write_bytes(png)
    with Image.open(io.BytesIO(png)) as picture:
        picture.save(HERE / "kiosque.ico", format="ICO", sizes=[(s, s) for s in SIZES])
    print(f"{HERE / 'kiosque.ico'}: {', '.join(str(s) for s in SIZES)} px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
