"""The terminal's settings: seen, and changed in ``kiosque.toml`` (password asked again)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit

from kiosque import settings as settings_module
from kiosque.agents import SettingLine
from kiosque.settings import SettingsError
from kiosque.texts import t
from kiosque.ui.agent.common import Section, button
from kiosque.ui.fields import GuardedLineEdit, wrapped

R = "agent.reglages."
# What an agent may change; the rest (database, folders, keys, hashing) is a technician's.
EDITABLE = (
    "site_name",
    "terminal_id",
    "printer",
    "idle_warning_seconds",
    "idle_wipe_seconds",
    "resume_code_days",
    "resume_code_max_failures",
    "session_retention_days",
    "practice_account_retention_days",
    "ris_delay_minutes",
    "agent_idle_minutes",
)
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def settings_error(exc: SettingsError) -> str:
    """A settings refusal in French, naming the setting as the screen does."""
    label = t(R + f"cles.{exc.key}") if exc.key in settings_module.kinds() else exc.key
    if exc.problem == "file":
        return t(R + "erreurs.file")
    params: dict[str, object] = {"cle": label}
    if exc.problem == "minimum":
        params["minimum"] = exc.minimum
    return t(R + f"erreurs.{exc.problem}", **params)


def shown(key: str, value: int | str) -> str:
    text = str(value)
    return _URL_PASSWORD.sub(r"\1•••@", text) if key == "database_url" else text


class SettingsSection(Section):
    title_key = "agent.reglages.titre"
    text_key = "agent.reglages.texte"

    def intro_text(self) -> str:
        return t(self.text_key, fichier=str(self.service.config_file))

    def build(self) -> None:
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.edits: dict[str, QLineEdit] = {}
        self.notes: dict[str, QLabel] = {}
        technical = [key for key in settings_module.kinds() if key not in EDITABLE]
        row = 0
        for key in (*EDITABLE, None, *technical):
            if key is None:  # the technicians' settings follow, under their title
                self.grid.addWidget(wrapped(t(R + "techniciens"), "agentSubtitle"), row, 0, 1, 2)
                row += 1
                continue
            label = wrapped(t(R + f"cles.{key}"), "fieldLabel")
            edit = GuardedLineEdit()
            edit.setObjectName(f"setting-{key}")
            edit.setAccessibleName(t(R + f"cles.{key}"))
            edit.setPlaceholderText(t(R + "par_defaut"))
            label.setBuddy(edit)
            note = wrapped("", "fieldHelp")
            note.hide()
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(edit, row, 1)
            self.grid.addWidget(note, row + 1, 1)
            row += 2
            self.edits[key] = edit
            self.notes[key] = note
        self.box.addLayout(self.grid)
        self.save_button = button(t(R + "enregistrer"), "primary", self.save)
        self.row(self.save_button)
        self.lines: dict[str, SettingLine] = {}

    def refresh(self) -> None:
        self.message.clear_message()
        self.mode.call(lambda: self.service.settings_lines(self.session), self.display, self.failed)

    def display(self, lines: list[SettingLine]) -> None:
        """Each field shows what the file holds (the next start's value)."""
        self.lines = {line.key: line for line in lines}
        for line in lines:
            edit = self.edits[line.key]
            note = self.notes[line.key]
            edit.setText(shown(line.key, line.next_value))
            if line.imposed_by is not None:
                edit.setEnabled(False)
                note.setText(t(R + "impose", variable=line.imposed_by))
            elif line.key not in EDITABLE:
                edit.setEnabled(False)
                note.setText(t(R + "lecture_seule"))
            else:
                edit.setEnabled(True)
                pending = line.next_value != line.value
                note.setText(t(R + "en_service", valeur=line.value) if pending else "")
            note.setVisible(bool(note.text()))

    def changes(self) -> dict[str, int | str]:
        """The edited values that differ from the file's (SettingsError if wrong)."""
        out: dict[str, int | str] = {}
        for key, edit in self.edits.items():
            line = self.lines.get(key)
            if line is None or not edit.isEnabled():
                continue
            value = settings_module.parse(key, edit.text())
            if value != line.next_value:
                out[key] = value
        return out

    def save(self) -> None:
        self.message.clear_message()
        try:
            changes = self.changes()
        except SettingsError as exc:
            self.failed(exc)
            return
        if not changes:
            self.message.say(t(R + "rien"), "info")
            return

        def run(password: str) -> None:
            self.mode.call(
                lambda: self.service.save_settings(self.session, changes, password),
                self.saved,
                self.failed,
            )

        self.mode.confirm(t("agent.actions.reglages"), run)

    def saved(self, _path: object) -> None:
        self.mode.call(lambda: self.service.settings_lines(self.session), self._saved, self.failed)

    def _saved(self, lines: list[SettingLine]) -> None:
        self.display(lines)
        self.message.say(t(R + "fait"))
