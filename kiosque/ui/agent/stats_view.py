"""Statistics by period, and their CSV export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from kiosque import rules
from kiosque.agents import AgentError
from kiosque.documents.fmt import date_short
from kiosque.figures import Figures
from kiosque.texts import t
from kiosque.ui.agent.common import Section, Table, button, labelled
from kiosque.ui.fields import GuardedLineEdit, wrapped

S = "agent.statistiques."


def minutes(value: float | None) -> str:
    if value is None:
        return t(S + "sans_duree")
    return t(S + "minutes", n=f"{value:.1f}".replace(".", ","))


def parse_day(text: str) -> date:
    parts = rules.parse_date_fr(text)
    if parts is None:
        raise AgentError("agent.erreurs.date")
    day, month, year = parts
    try:
        return date(year, month, day)
    except ValueError:
        raise AgentError("agent.erreurs.date") from None


class StatsSection(Section):
    title_key = "agent.statistiques.titre"
    text_key = "agent.statistiques.texte"

    def build(self) -> None:
        self.first = GuardedLineEdit()
        self.first.setObjectName("from")
        self.last = GuardedLineEdit()
        self.last.setObjectName("to")
        for edit in (self.first, self.last):
            edit.setMaxLength(10)
            edit.setFixedWidth(200)
            edit.returnPressed.connect(self.show_figures)
        self.show_button = button(t(S + "afficher"), "primary", self.show_figures)
        line = self.row(labelled(t(S + "du"), self.first), labelled(t(S + "au"), self.last))
        line.insertWidget(2, self.show_button, 0)
        self.row(
            button(t(S + "aujourd_hui"), slot=lambda: self.last_days(1)),
            button(t(S + "sept_jours"), slot=lambda: self.last_days(7)),
            button(t(S + "trente_jours"), slot=lambda: self.last_days(30)),
        )
        self.summary = wrapped("", "agentSubtitle")
        self.box.addWidget(self.summary)
        self.procedures = Table(
            [
                t(S + k)
                for k in ("demarche", "seances", "terminees", "duree_mediane", "duree_moyenne")
            ],
            wide=(0,),
        )
        self.procedures.setObjectName("proceduresTable")
        self.box.addWidget(self.procedures)
        self.box.addWidget(wrapped(t(S + "arrets_titre"), "agentSubtitle"))
        self.stops = Table([t(S + "demarche"), t(S + "etape"), t(S + "nombre")], wide=(0, 1))
        self.stops.setObjectName("stopsTable")
        self.box.addWidget(self.stops)
        self.no_stops = wrapped(t(S + "aucune"))
        self.box.addWidget(self.no_stops)
        self.box.addWidget(wrapped(t(S + "difficultes_titre"), "agentSubtitle"))
        self.troubles = Table([t(S + "difficulte"), t(S + "nombre")], wide=(0,))
        self.troubles.setObjectName("troublesTable")
        self.box.addWidget(self.troubles)
        self.no_troubles = wrapped(t(S + "aucune"))
        self.box.addWidget(self.no_troubles)
        self.export_button = button(t(S + "exporter"), slot=self.export)
        self.row(self.export_button)

    def refresh(self) -> None:
        if not self.first.text():
            self.last_days(1)

    def last_days(self, count: int) -> None:
        today = self.service.today()
        self.first.setText(date_short(today - timedelta(days=count - 1)))
        self.last.setText(date_short(today))
        self.show_figures()

    def period(self) -> tuple[date, date]:
        return parse_day(self.first.text()), parse_day(self.last.text())

    def show_figures(self) -> None:
        self.message.clear_message()
        try:
            first, last = self.period()
        except AgentError as exc:
            self.failed(exc)
            return
        self.mode.call(
            lambda: self.service.statistics(self.session, first, last), self.display, self.failed
        )

    def display(self, figures: Figures) -> None:
        self.summary.setText(
            t(
                S + "resume",
                seances=figures.sessions,
                terminees=figures.completed,
                duree=minutes(figures.median_minutes),
            )
        )
        self.procedures.fill(
            [
                [
                    p.title,
                    p.sessions,
                    p.completed,
                    minutes(p.median_minutes),
                    minutes(p.mean_minutes),
                ]
                for p in figures.procedures
            ]
        )
        procedure_titles = {p.procedure: p.title for p in figures.procedures}
        self.stops.fill(
            [
                [procedure_titles.get(s.procedure, s.procedure), s.step_title, s.count]
                for s in figures.stops
            ]
        )
        self.troubles.fill([[d.title, d.count] for d in figures.troubles])
        self.no_stops.setVisible(not figures.stops)
        self.no_troubles.setVisible(not figures.troubles)

    def export(self) -> None:
        try:
            first, last = self.period()
        except AgentError as exc:
            self.failed(exc)
            return
        name = f"statistiques-{first.isoformat()}-{last.isoformat()}.csv"
        target, _filter = QFileDialog.getSaveFileName(
            self, t(S + "exporter"), str(Path.home() / name), "CSV (*.csv)"
        )
        if not target:
            return
        self.mode.call(lambda: self._write(Path(target), first, last), self.exported, self.failed)

    def _write(self, target: Path, first: date, last: date) -> Path:
        text = self.service.statistics_csv(self.session, first, last)
        # With a BOM, spreadsheets read the accents right.
        target.write_text(text, encoding="utf-8-sig")
        return target

    def exported(self, path: Path) -> None:
        self.message.say(t("agent.fichier_enregistre", chemin=str(path)))
