"""Étape 1 « Votre identité »: the security image to copy, a new image on request, and
its audio version spelled character by character."""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosque.connectors.base import Challenge
from kiosque.procedures.actions import CHALLENGE
from kiosque.services import StepView
from kiosque.texts import t
from kiosque.ui.pages.base import StepPage
from kiosque.ui.theme import FONT_FAMILY


class SecurityImage(QWidget):
    """Draws the challenge text slightly distorted over light noise (seeded by its id, so
    the same challenge always looks the same)."""

    def __init__(self, challenge: Challenge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.challenge = challenge
        self.setMinimumSize(QSize(320, 110))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(t("interface.securite.image_nom"))
        length = len(challenge.text) if challenge else 0
        self.setAccessibleDescription(t("interface.securite.image_description", n=length))

    def set_challenge(self, challenge: Challenge | None) -> None:
        self.challenge = challenge
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 110)

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#F0F0F8"))
        if self.challenge is None:
            return
        rng = random.Random(self.challenge.id)
        pen = QPen(QColor("#9A9AC8"))
        pen.setWidth(2)
        painter.setPen(pen)
        for _ in range(6):
            path = QPainterPath(QPointF(0, rng.uniform(10, 100)))
            path.cubicTo(
                QPointF(100, rng.uniform(0, 110)),
                QPointF(220, rng.uniform(0, 110)),
                QPointF(320, rng.uniform(10, 100)),
            )
            painter.drawPath(path)
        font = QFont(FONT_FAMILY)
        font.setPixelSize(46)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#161616"))
        x = 18.0
        for char in self.challenge.text:
            painter.save()
            painter.translate(x, 72 + rng.uniform(-8, 8))
            painter.rotate(rng.uniform(-14, 14))
            painter.drawText(QRectF(0, -50, 48, 64), Qt.AlignmentFlag.AlignCenter, char)
            painter.restore()
            x += 48
        painter.end()


class IdentitePage(StepPage):
    placed = frozenset({"changer-image", "version-audio"})

    def build(self) -> None:
        challenge = self.view.state.get(CHALLENGE)
        self.image = SecurityImage(challenge if isinstance(challenge, Challenge) else None)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.image)
        buttons = QVBoxLayout()
        self.new_image = self.action_button("changer-image")
        self.new_image.setText(t("interface.securite.autre_image"))
        self.new_image.setAccessibleName(t("interface.securite.autre_image"))
        self.listen = self.action_button("version-audio")
        self.listen.setText(t("interface.securite.ecouter"))
        self.listen.setAccessibleName(t("interface.securite.ecouter"))
        self.listen.clicked.disconnect()
        self.listen.clicked.connect(self.speak_code)
        buttons.addWidget(self.new_image)
        buttons.addWidget(self.listen)
        row.addLayout(buttons)
        row.addStretch(1)
        if "code_securite" in self.fields:  # the image sits above the box to type in
            code = self.fields["code_securite"]
            code.insert_above_input(box)
            # Tab in reading order: the image's buttons before the box below them
            ids = list(self.fields)
            position = ids.index("code_securite")
            if position > 0:
                self.setTabOrder(self.fields[ids[position - 1]].input, self.new_image)
            self.setTabOrder(self.new_image, self.listen)
            self.setTabOrder(self.listen, code.input)
        else:
            self.add_extra(box)

    def reload(self) -> None:
        challenge = self.view.state.get(CHALLENGE)
        self.image.set_challenge(challenge if isinstance(challenge, Challenge) else None)

    def clear(self) -> None:
        super().clear()
        if hasattr(self, "image"):  # clear() runs before build() on a new page
            self.image.set_challenge(None)

    def refresh(self, view: StepView) -> None:
        super().refresh(view)
        challenge = view.state.get(CHALLENGE)
        self.image.set_challenge(challenge if isinstance(challenge, Challenge) else None)
        if "code_securite" in self.fields:
            self.fields["code_securite"].set_value("")

    def speak_code(self) -> None:
        challenge = self.view.state.get(CHALLENGE)
        if not isinstance(challenge, Challenge):
            return
        text = t("interface.securite.audio_texte", code=challenge.spoken)
        self.ctx.speaker.say(text)
