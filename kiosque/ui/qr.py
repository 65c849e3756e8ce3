"""The resume QR code on screen: the very matrix the receipt prints
(:func:`kiosque.documents.qr.qr_matrix`), drawn with QPainter — no image library.

Each module is a whole number of pixels and the quiet zone is kept white, so a phone or a
handheld scanner reads the screen as well as the paper.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosque.documents.qr import QUIET_ZONE, Matrix, qr_matrix, row_runs
from kiosque.texts import t


class QrWidget(QWidget):
    """A square QR code that scales to the space it is given (at least 2 px a module)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrCode")
        self._matrix: Matrix = ()
        self._text = ""
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(t("papier.ecran.qr_nom"))
        self.setAccessibleDescription(t("papier.ecran.qr_description"))

    @property
    def matrix(self) -> Matrix:
        return self._matrix

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Show the code of ``text`` (empty: nothing)."""
        self._text = text
        self._matrix = qr_matrix(text) if text else ()
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_text("")

    def modules(self) -> int:
        """Modules across, quiet zone included."""
        return len(self._matrix) + 2 * QUIET_ZONE if self._matrix else 0

    def code_rect(self) -> QRect:
        """Where the code (quiet zone included) is drawn: centred, whole pixels a module."""
        count = self.modules()
        if not count:
            return QRect()
        unit = max(1, min(self.width(), self.height()) // count)
        side = unit * count
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def sizeHint(self) -> QSize:
        return QSize(280, 280)

    def minimumSizeHint(self) -> QSize:
        count = self.modules() or 33
        return QSize(2 * count, 2 * count)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        area = self.code_rect()
        unit = area.width() // self.modules()
        painter = QPainter(self)
        painter.fillRect(area, QColor("#FFFFFF"))
        black = QColor("#000000")
        left = area.x() + QUIET_ZONE * unit
        top = area.y() + QUIET_ZONE * unit
        for r, row in enumerate(self._matrix):
            for start, end in row_runs(row):
                painter.fillRect(
                    QRect(left + start * unit, top + r * unit, (end - start) * unit, unit), black
                )
        painter.end()

    def read_back(self) -> Matrix:
        """The matrix as the screen shows it, read from the centre of each module's
        pixels (what a camera sees; tests compare it with the paper's)."""
        if not self._matrix:
            return ()
        area = self.code_rect()
        unit = area.width() // self.modules()
        image = self.grab().toImage()
        ratio = image.devicePixelRatio()
        left = area.x() + QUIET_ZONE * unit + unit // 2
        top = area.y() + QUIET_ZONE * unit + unit // 2
        size = len(self._matrix)
        return tuple(
            tuple(
                QColor(
                    image.pixel(int((left + c * unit) * ratio), int((top + r * unit) * ratio))
                ).lightness()
                < 128
                for c in range(size)
            )
            for r in range(size)
        )
