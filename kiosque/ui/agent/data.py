"""Data protection: purge now, and one person's rights of access and erasure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFileDialog, QPlainTextEdit

from kiosque.agents import count_rows
from kiosque.retention import PurgeReport
from kiosque.texts import t
from kiosque.ui.agent.common import NirInput, Section, button, labelled
from kiosque.ui.agent.export_text import readable
from kiosque.ui.fields import wrapped

P = "agent.purge."
D = "agent.personne."


def report_text(report: PurgeReport) -> str:
    if not report.total:
        return t(P + "rien")
    key = P + ("simulation" if report.dry_run else "resultat")
    lines = [t(key, n=report.total)]
    for table, number in sorted(report.counts.items()):
        lines.append(t(P + "ligne", table=t(P + f"tables.{table}"), n=number))
    return "\n".join(lines)


class PurgeSection(Section):
    title_key = "agent.purge.titre"
    text_key = "agent.purge.texte"

    def intro_text(self) -> str:
        current = self.mode.service.settings
        return t(
            self.text_key,
            seances=current.session_retention_days,
            comptes=current.practice_account_retention_days,
        )

    def build(self) -> None:
        self.dry_button = button(t(P + "simuler"), slot=self.dry_run)
        self.purge_button = button(t(P + "valider"), "danger", self.purge)
        self.row(self.dry_button, self.purge_button)

    def dry_run(self) -> None:
        self.message.clear_message()
        self.mode.call(
            lambda: self.service.purge_now(self.session, dry_run=True), self.done, self.failed
        )

    def purge(self) -> None:
        self.message.clear_message()

        def run(password: str) -> None:
            self.mode.call(
                lambda: self.service.purge_now(self.session, password), self.done, self.failed
            )

        self.mode.confirm(t("agent.actions.purge"), run)

    def done(self, report: PurgeReport) -> None:
        self.message.say(report_text(report), "ok" if report.total else "info")


class PersonSection(Section):
    """Everything held about one person, by NIR: shown to be handed over, or erased."""

    title_key = "agent.personne.titre"
    text_key = "agent.personne.texte"

    def build(self) -> None:
        self.nir = NirInput()
        self.box.addWidget(labelled(t(D + "nir"), self.nir))
        self.export_button = button(t(D + "exporter"), "primary", self.export)
        self.row(self.export_button)
        self.erase_check = QCheckBox(t(D + "coche"))
        self.erase_check.setAccessibleName(t(D + "coche"))
        self.box.addWidget(wrapped(t(D + "effacer_confirmer")))
        self.box.addWidget(self.erase_check)
        self.erase_button = button(t(D + "effacer"), "danger", self.erase)
        self.row(self.erase_button)
        self.box.addWidget(self.message)  # the result follows its message
        self.result = QPlainTextEdit()
        self.result.setObjectName("exportText")
        self.result.setReadOnly(True)
        self.result.setMinimumHeight(360)
        self.result.hide()
        self.save_button = button(t("agent.enregistrer_fichier"), slot=self.save)
        self.save_button.hide()
        self.exported_json = ""
        self.box.addWidget(self.result)
        self.row(self.save_button)

    def export(self) -> None:
        nir = self.nir.text()
        self._clear_result()

        def run(password: str) -> None:
            self.mode.call(
                lambda: self.service.export_person(self.session, nir, password),
                self.exported,
                self.failed,
            )

        self.mode.confirm(t("agent.actions.export-personne"), run)

    def exported(self, data: dict[str, Any]) -> None:
        rows = count_rows(data)
        if not rows:
            self.message.say(t(D + "export_vide"), "info")
            return
        self.message.say(t(D + "export_pret", n=rows))
        self.exported_json = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        self.result.setPlainText(readable(data, self.service.catalogue))
        self.result.show()
        self.save_button.show()

    def save(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self, t("agent.enregistrer_fichier"), str(Path.home() / "donnees.json"), "JSON (*.json)"
        )
        if not target:
            return
        text = self.exported_json
        self.mode.call(lambda: _write(Path(target), text), self.saved, self.failed)

    def saved(self, path: Path) -> None:
        self.message.say(t("agent.fichier_enregistre", chemin=str(path)))

    def erase(self) -> None:
        self._clear_result()
        if not self.erase_check.isChecked():
            self.message.say(t(D + "cocher_d_abord"), "error")
            return
        nir = self.nir.text()

        def run(password: str) -> None:
            self.mode.call(
                lambda: self.service.erase_person(self.session, nir, password),
                self.erased,
                self.failed,
            )

        self.mode.confirm(t("agent.actions.effacement-personne"), run)

    def erased(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        self.nir.clear()
        self.erase_check.setChecked(False)
        if total:
            self.message.say(t(D + "efface", n=total))
        else:
            self.message.say(t(D + "rien_efface"), "info")

    def _clear_result(self) -> None:
        self.message.clear_message()
        self.exported_json = ""
        self.result.clear()
        self.result.hide()
        self.save_button.hide()

    def wipe(self) -> None:
        super().wipe()
        self._clear_result()
        self.nir.clear()
        self.erase_check.setChecked(False)


def _write(target: Path, text: str) -> Path:
    target.write_text(text + "\n", encoding="utf-8")
    return target
