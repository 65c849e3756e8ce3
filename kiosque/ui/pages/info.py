"""Pages that show what the organism answered: the RIS, the help answers, the carte
Vitale illustration, the FranceConnect box."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosque.connectors.base import RisStatus
from kiosque.procedures.actions import RIS, SEARCH_QUERY, SEARCH_RESULTS
from kiosque.texts import t
from kiosque.ui.fields import wrapped
from kiosque.ui.pages.base import StepPage
from kiosque.ui.theme import FONT_FAMILY


def _paris(moment: object, fmt: str) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if not isinstance(moment, datetime):
        return ""
    return moment.astimezone(ZoneInfo("Europe/Paris")).strftime(fmt)


class RisPage(StepPage):
    def build(self) -> None:
        self.answer_box()
        self.reload()

    def reload(self) -> None:
        answer = self.answer_box()
        download = self.links.get("telecharger")
        if download is not None:  # the label of the step, until a RIS is there
            label = self.view.step.actions["telecharger"].label
            download.setText(label)
            download.setAccessibleName(label)
        status = self.view.state.get(RIS)
        if not isinstance(status, RisStatus):
            return
        if status.requested_at is not None:
            answer.add(
                wrapped(t("interface.ris.demande", date=_paris(status.requested_at, "%d/%m/%Y")))
            )
        if status.state == "en-attente":
            answer.add(
                wrapped(t("interface.ris.attente", heure=_paris(status.available_at, "%H:%M")))
            )
        elif status.state == "disponible" and status.document_date is not None:
            answer.add(wrapped(t("interface.ris.disponible"), "fieldLabel"))
            if download is not None:
                label = t(
                    "interface.ris.telecharger_du", date=status.document_date.strftime("%d/%m/%Y")
                )
                download.setText(label)
                download.setAccessibleName(label)
        else:
            answer.add(wrapped(t("interface.ris.absent")))


class ReponsePage(StepPage):
    """The help answers found for the citizen's question. The answers are the catalogue's
    (nothing personal): each card is built once and shown again when found again; the
    question typed is the only thing written anew."""

    def build(self) -> None:
        self.cards: dict[str, QFrame] = {}
        self.found = QWidget()
        self.found_box = QVBoxLayout(self.found)
        self.found_box.setContentsMargins(0, 0, 0, 0)
        self.found_box.setSpacing(10)
        self.answer_box()
        self.add_extra(self.found)
        self.reload()

    def reload(self) -> None:
        answer = self.answer_box()
        query = str(self.view.state.get(SEARCH_QUERY) or "")
        results = [str(r) for r in self.view.state.get(SEARCH_RESULTS) or ()]
        answer.add(wrapped(t("interface.reponse.titre", question=query), "fieldLabel"))
        if not results:
            answer.add(wrapped(t("interface.reponse.aucune")))
        for card in self.cards.values():
            card.setVisible(False)
        for position, entry_id in enumerate(results):
            card = self.cards.get(entry_id) or self._card(entry_id)
            self.found_box.insertWidget(position, card)  # in the order found
            card.setVisible(True)

    def release(self) -> None:
        super().release()
        for card in self.cards.values():
            card.setVisible(False)

    def shown_answer(self) -> list[str]:
        texts = super().shown_answer()
        for index in range(self.found_box.count()):
            item = self.found_box.itemAt(index)
            card = item.widget() if item is not None else None
            if card is not None and card.isVisibleTo(self):
                texts += [label.text() for label in card.findChildren(QLabel)]
        return texts

    def _card(self, entry_id: str) -> QFrame:
        entry = self.ctx.service.engine.catalogue.faq[entry_id]
        card = QFrame()
        card.setObjectName("card")
        box = QVBoxLayout(card)
        box.addWidget(wrapped(entry.question, "fieldLabel"))
        for paragraph in entry.answer:
            box.addWidget(wrapped(paragraph))
        card.setAccessibleName(entry.question)
        self.cards[entry_id] = card
        return card


class VitaleCard(QWidget):
    """A drawing of the front of a carte Vitale, the number's place outlined."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(QSize(430, 270))
        self.setAccessibleName(t("interface.vitale.titre"))
        self.setAccessibleDescription(t("interface.vitale.description"))

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(5, 5, 420, 260)
        p.setBrush(QColor("#2E7D32"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(card, 16, 16)
        p.setBrush(QColor("#F2C94C"))
        p.drawRoundedRect(QRectF(30, 40, 62, 48), 6, 6)  # the chip
        font = QFont(FONT_FAMILY)
        font.setPixelSize(18)
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("#FFFFFF"))
        p.drawText(QRectF(110, 40, 300, 30), t("interface.vitale.titre"))
        p.drawText(QRectF(30, 130, 380, 28), t("interface.vitale.nom"))
        font.setPixelSize(22)
        p.setFont(font)
        p.drawText(QRectF(30, 170, 380, 32), t("interface.vitale.numero"))
        pen = QPen(QColor("#FFEB3B"))
        pen.setWidth(4)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(22, 164, 300, 44), 8, 8)
        font.setPixelSize(14)
        font.setBold(False)
        p.setFont(font)
        p.setPen(QColor("#FFFFFF"))
        p.drawText(
            QRectF(30, 214, 390, 44), Qt.TextFlag.TextWordWrap, t("interface.vitale.legende")
        )
        p.end()


class OuTrouverNirPage(StepPage):
    def build(self) -> None:
        self.add_extra(VitaleCard())


class FranceConnectPage(StepPage):
    """The FranceConnect box with its official wording above the provider choice."""

    def build(self) -> None:
        box = QFrame()
        box.setObjectName("note")
        layout = QVBoxLayout(box)
        button = QPushButton(t("interface.franceconnect.bouton"))
        button.setObjectName("franceconnect")
        button.setEnabled(False)  # a picture of the real button: the choice is below
        button.setAccessibleName(t("interface.franceconnect.bouton"))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(wrapped(t("interface.franceconnect.quoi"), "fieldLabel"))
        first = next(iter(self.fields), None)
        if first is not None:
            self.insert_before(first, box)
        else:
            self.add_extra(box)
