"""The agent screens of the day: sessions, practice accounts, receipts."""

from __future__ import annotations

import shutil

from kiosque.agents import ReceiptLine, SessionLine
from kiosque.documents.fmt import date_short, paris_time
from kiosque.texts import t
from kiosque.ui.agent.common import NirInput, Section, Table, button, hour, labelled


class SessionsSection(Section):
    """Today's sessions: procedure, step reached, start time, resume code — no answers."""

    title_key = "agent.seances.titre"
    text_key = "agent.seances.texte"

    def build(self) -> None:
        c = "agent.seances."
        self.table = Table(
            [t(c + k) for k in ("heure", "borne", "demarche", "etape", "etat", "code")],
            wide=(2, 3),
        )
        self.table.setObjectName("sessionsTable")
        self.box.addWidget(self.table)
        self.refresh_button = button(t("agent.actualiser"), slot=self.refresh)
        self.row(self.refresh_button)

    def refresh(self) -> None:
        self.message.clear_message()
        service, session = self.service, self.session
        self.mode.call(lambda: service.todays_sessions(session), self.display, self.failed)

    def display(self, lines: list[SessionLine]) -> None:
        self.table.fill([self._row(line) for line in lines], [line.id for line in lines])
        if not lines:
            self.message.say(t("agent.seances.vide"), "info")

    @staticmethod
    def _row(line: SessionLine) -> list[str]:
        if line.resume == "valable" and line.resume_until is not None:
            code = t(
                "agent.seances.codes.valable",
                date=date_short(paris_time(line.resume_until).date()),
            )
        else:
            code = t(f"agent.seances.codes.{line.resume}")
        return [
            hour(line.started_at),
            line.terminal,
            line.procedure_title,
            line.step_title,
            t(f"agent.seances.etats.{line.status}"),
            code,
        ]

    def wipe(self) -> None:
        super().wipe()
        self.table.fill([])


class NirActionSection(Section):
    """A NIR and one action on the person's practice accounts."""

    prefix = ""

    def build(self) -> None:
        self.nir = NirInput()
        self.nir.returnPressed.connect(self.submit)
        self.box.addWidget(labelled(t(self.prefix + "nir"), self.nir))
        self.submit_button = button(t(self.prefix + "valider"), "primary", self.submit)
        self.row(self.submit_button)

    def refresh(self) -> None:
        self.nir.setFocus()

    def submit(self) -> None:
        nir = self.nir.text()
        self.message.clear_message()
        self.mode.call(lambda: self.act(nir), self.done, self.failed)

    def act(self, nir: str) -> object:
        raise NotImplementedError

    def done(self, result: object) -> None:
        self.nir.clear()
        self.message.say(self.result_text(result))

    def result_text(self, result: object) -> str:
        return t(self.prefix + "fait")

    def wipe(self) -> None:
        super().wipe()
        self.nir.clear()


class UnblockSection(NirActionSection):
    title_key = "agent.debloquer.titre"
    text_key = "agent.debloquer.texte"
    prefix = "agent.debloquer."

    def act(self, nir: str) -> object:
        return self.service.unblock_account(self.session, nir)

    def result_text(self, result: object) -> str:
        return t("agent.debloquer.fait" if result else "agent.debloquer.pas_bloque")


class ActivationSection(NirActionSection):
    title_key = "agent.inscription.titre"
    text_key = "agent.inscription.texte"
    prefix = "agent.inscription."

    def act(self, nir: str) -> object:
        self.service.reset_activation(self.session, nir)
        return None


class ReceiptsSection(Section):
    """Today's receipts; the chosen one is rendered again and sent to the printer."""

    title_key = "agent.recus.titre"
    text_key = "agent.recus.texte"

    def build(self) -> None:
        c = "agent.recus."
        self.table = Table([t(c + "heure"), t(c + "borne"), t(c + "demarche")], wide=(2,))
        self.table.setObjectName("receiptsTable")
        self.box.addWidget(self.table)
        self.print_button = button(t(c + "valider"), "primary", self.reprint)
        self.row(self.print_button, button(t("agent.actualiser"), slot=self.refresh))

    def refresh(self) -> None:
        self.message.clear_message()
        service, session = self.service, self.session
        self.mode.call(lambda: service.todays_receipts(session), self.display, self.failed)

    def display(self, lines: list[ReceiptLine]) -> None:
        rows = [[hour(r.issued_at), r.terminal, r.procedure_title] for r in lines]
        self.table.fill(rows, [r.id for r in lines])
        if not lines:
            self.message.say(t("agent.recus.vide"), "info")

    def reprint(self) -> None:
        receipt_id = self.table.selected_key()
        if receipt_id is None:
            self.message.say(t("agent.recus.choisir"), "error")
            return
        self.message.clear_message()
        self.mode.call(lambda: self._reprint(receipt_id), self.printed, self.failed)

    def _reprint(self, receipt_id: str) -> str:
        """Render, print, and remove the PDF (it holds the citizen's e-mail address)."""
        from kiosque.ui.printing import print_pdf

        path = self.service.reprint_receipt(self.session, receipt_id)
        try:
            return print_pdf(path, self.service.settings.printer, title=path.stem)
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)

    def printed(self, _job: object) -> None:
        self.message.say(t("agent.recus.fait"))

    def failed(self, exc: Exception) -> None:
        from kiosque.ui.printing import PrintError

        if isinstance(exc, PrintError):
            no_printer = exc.key.endswith("aucune_imprimante")
            key = "agent.recus." + ("aucune_imprimante" if no_printer else "erreur_impression")
            self.message.say(t(key), "error")
        else:
            super().failed(exc)

    def wipe(self) -> None:
        super().wipe()
        self.table.fill([])


def _sections() -> list[tuple[str, type[Section]]]:
    from kiosque.ui.agent.data import PersonSection, PurgeSection
    from kiosque.ui.agent.settings_view import SettingsSection
    from kiosque.ui.agent.stats_view import StatsSection

    return [
        ("seances", SessionsSection),
        ("debloquer", UnblockSection),
        ("inscription", ActivationSection),
        ("recus", ReceiptsSection),
        ("statistiques", StatsSection),
        ("personne", PersonSection),
        ("purge", PurgeSection),
        ("reglages", SettingsSection),
    ]


SECTIONS = _sections()
