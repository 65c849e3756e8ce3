"""Agent mode on the kiosk: ``open_agent(window)`` (Ctrl+Alt+A, the discreet control)
and ``install_agent_control(window)`` (the control in the top bar).

The agent screens and services (and the store under them) are imported when an agent
first opens them: the control is put in the top bar before the kiosk's first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosque.texts import t

if TYPE_CHECKING:
    from kiosque.ui.agent.mode import AgentMode
    from kiosque.ui.main_window import KioskWindow

CONTROL = "agentControl"


def agent_mode(window: KioskWindow) -> AgentMode | None:
    """The window's agent mode, once the store is open (built on first use)."""
    from kiosque.agents import AgentService
    from kiosque.ui.agent.mode import AgentMode

    mode = window.findChild(AgentMode)
    if mode is not None:
        return mode
    context = window.context
    if context is None:
        return None
    service = AgentService(
        context.store, context.clock, context.settings, catalogue=context.catalogue
    )
    return AgentMode(window, service)


def open_agent(window: KioskWindow) -> AgentMode | None:
    """Show the agent login over the whole window (or the agent screens if signed in)."""
    mode = agent_mode(window)
    if mode is not None:
        mode.open()
    return mode


def install_agent_control(window: KioskWindow) -> QPushButton | None:
    """A small « Agent » button at the right of the top bar, before « Terminer »."""
    bar = window.findChild(QWidget, "topbar")
    if bar is None or bar.findChild(QPushButton, CONTROL) is not None:
        return None
    layout = bar.layout()
    if not isinstance(layout, QHBoxLayout):
        return None
    control = QPushButton(t("agent.controle"))
    control.setObjectName(CONTROL)
    control.setAccessibleName(t("agent.controle_nom"))
    control.setToolTip(t("agent.controle_nom"))
    control.clicked.connect(lambda _checked=False: window.open_agent())
    layout.insertWidget(max(0, layout.count() - 1), control)
    layout.insertSpacing(max(0, layout.count() - 1), 24)
    return control
