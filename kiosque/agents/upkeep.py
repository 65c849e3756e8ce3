"""Keeping the terminal: the purge of what is past its retention, and the settings file
(both sensitive: the password again, except for a dry run or a look)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosque import retention
from kiosque import settings as settings_module
from kiosque.agents.core import AgentCore
from kiosque.agents.model import Action, AgentSession, SettingLine
from kiosque.settings import Settings


class UpkeepActions(AgentCore):
    """Purge now; read and change the settings."""

    def purge_now(
        self, session: AgentSession, password: str = "", *, dry_run: bool = False
    ) -> retention.PurgeReport:
        if dry_run:
            self._use(session)
        else:
            self._confirm(session, password)
        report = retention.purge(self.store, self.settings, self.clock.now(), dry_run=dry_run)
        details: dict[str, Any] = {"lignes": report.counts}
        if dry_run:
            details["simulation"] = True
        self._audit(session.login, Action.PURGE, details=details)
        return report

    def settings_lines(self, session: AgentSession) -> list[SettingLine]:
        """The settings in effect, what the file holds for the next start, and which
        ones an environment variable imposes."""
        self._use(session)
        in_file = settings_module.read_file(self.config_file)
        imposed = settings_module.overridden()
        defaults = Settings()
        lines = []
        for key in settings_module.kinds():
            value = getattr(self.settings, key)
            lines.append(
                SettingLine(
                    key,
                    value,
                    value if key in imposed else in_file.get(key, getattr(defaults, key)),
                    settings_module.env_var(key) if key in imposed else None,
                )
            )
        self._audit(session.login, Action.SETTINGS_VIEW)
        return lines

    def save_settings(
        self, session: AgentSession, changes: Mapping[str, int | str], password: str = ""
    ) -> Path:
        """Write ``changes`` to the settings file (effective at the next start).
        :class:`~kiosque.settings.SettingsError` names a wrong key."""
        self._confirm(session, password)
        path = settings_module.write(changes, self.config_file)
        self._audit(session.login, Action.SETTINGS, details={"cles": sorted(changes)})
        return path
