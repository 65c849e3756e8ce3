"""The practice mailbox (« Ma messagerie ») and the practice phone (« code reçu »)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosque.connectors.base import MailMessage
from kiosque.procedures.actions import CAF_RESET, INBOX, MAILBOX, REGISTRATION
from kiosque.texts import t
from kiosque.ui.fields import wrapped
from kiosque.ui.pages.base import StepPage


def _when(message: MailMessage) -> str:
    from zoneinfo import ZoneInfo

    local = message.received_at.astimezone(ZoneInfo("Europe/Paris"))
    return local.strftime("%d/%m/%Y à %H:%M")


def message_card(message: MailMessage, link: QWidget | None = None) -> QFrame:
    card = QFrame()
    card.setObjectName("card")
    box = QVBoxLayout(card)
    box.addWidget(wrapped(message.subject, "fieldLabel"))
    box.addWidget(wrapped(t("interface.messagerie.de", expediteur=message.sender), "fieldHelp"))
    box.addWidget(wrapped(t("interface.messagerie.recu", date=_when(message)), "fieldHelp"))
    for line in message.body:
        box.addWidget(wrapped(line))
    if link is not None:
        box.addWidget(link)
    card.setAccessibleName(message.subject)
    return card


class MessageriePage(StepPage):
    placed = frozenset({"ouvrir-lien"})

    def build(self) -> None:
        self.add_extra(wrapped(t("interface.messagerie.titre"), "fieldLabel"))
        self.answer_box()
        self.reload()

    def reload(self) -> None:
        answer = self.answer_box()
        registration = self.view.state.get(REGISTRATION)
        email = getattr(registration, "email", "")
        answer.add(wrapped(t("interface.messagerie.explication", email=email)))
        messages: Sequence[MailMessage] = self.view.state.get(MAILBOX) or ()
        if not messages:
            answer.add(wrapped(t("interface.messagerie.vide")))
        linked = False
        for message in messages:
            link = None
            if message.link_token and not linked:  # the newest activation message
                link = self.action_button("ouvrir-lien", "primary")
                linked = True
            answer.add(message_card(message, link))


class CodeRecuPage(StepPage):
    def build(self) -> None:
        self.add_extra(wrapped(t("interface.sms.titre"), "fieldLabel"))
        self.answer_box()
        self.reload()

    def reload(self) -> None:
        answer = self.answer_box()
        reset = self.view.state.get(CAF_RESET) or {}
        canal = reset.get("canal", "sms") if isinstance(reset, dict) else "sms"
        destination = reset.get("destination", "") if isinstance(reset, dict) else ""
        key = (
            "interface.sms.explication_sms" if canal == "sms" else "interface.sms.explication_email"
        )
        answer.add(wrapped(t(key, destination=destination)))
        messages: Sequence[MailMessage] = self.view.state.get(INBOX) or ()
        if not messages:
            answer.add(wrapped(t("interface.sms.vide")))
        for message in messages[:3]:
            answer.add(message_card(message))
