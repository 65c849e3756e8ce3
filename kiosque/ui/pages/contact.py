"""Étape 3 « Vos informations de contact »: the password rules listed and ticked live."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from kiosque.rules.result import RuleStatus
from kiosque.texts import t
from kiosque.ui.fields import wrapped
from kiosque.ui.pages.base import StepPage

MUST_CONTAIN = ("longueur-min", "longueur-max", "majuscule", "minuscule", "chiffre")


class PasswordRules(QFrame):
    """« Rappel des règles à respecter », one line per rule with ✓ when it is met."""

    def __init__(self, statuses: tuple[RuleStatus, ...]) -> None:
        super().__init__()
        self.setObjectName("note")
        box = QVBoxLayout(self)
        box.addWidget(wrapped(t("interface.mot_de_passe.regles_titre"), "fieldLabel"))
        self.lines: dict[str, QLabel] = {}
        contain = wrapped(t("interface.mot_de_passe.doit_contenir"))
        not_contain = wrapped(t("interface.mot_de_passe.ne_doit_pas"))
        box.addWidget(contain)
        for status in statuses:
            if status.rule not in MUST_CONTAIN and not_contain.parent() is None:
                box.addWidget(not_contain)
            label = wrapped("")
            self.lines[status.rule] = label
            box.addWidget(label)
        self.update_rules(statuses)

    def update_rules(self, statuses: tuple[RuleStatus, ...]) -> None:
        for status in statuses:
            label = self.lines[status.rule]
            mark = "✓" if status.satisfied else "•"
            label.setText(f"{mark} {status.label.text()}")
            name = "ruleOk" if status.satisfied else "ruleKo"
            state = (
                "interface.mot_de_passe.regle_ok"
                if status.satisfied
                else "interface.mot_de_passe.regle_ko"
            )
            label.setAccessibleName(f"{status.label.text()} : {t(state)}")
            if label.objectName() != name:  # restyled only when its state changes
                label.setObjectName(name)
                label.style().unpolish(label)
                label.style().polish(label)


class ContactPage(StepPage):
    def build(self) -> None:
        if "mot_de_passe" not in self.fields:
            return
        statuses = self.ctx.service.password_rules(self.ctx.session, "")
        self.rules = PasswordRules(statuses)
        self.insert_after("mot_de_passe", self.rules)
        self.field_changed.connect(self._changed)

    def reload(self) -> None:
        if "mot_de_passe" in self.fields:  # the rules name this citizen's birth date and name
            self.rules.update_rules(self.ctx.service.password_rules(self.ctx.session, ""))

    def _changed(self, field_id: str, value: object) -> None:
        if field_id == "mot_de_passe":
            self.rules.update_rules(self.ctx.service.password_rules(self.ctx.session, str(value)))
