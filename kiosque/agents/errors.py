"""The refusals of agent mode: said in French, never a crash."""

from __future__ import annotations

from kiosque.texts import Message


class AgentError(Exception):
    """A refusal, said in French (``message``); never a crash."""

    def __init__(self, message: Message | str, **params: object) -> None:
        self.message = message if isinstance(message, Message) else Message.of(message, **params)
        super().__init__(self.message.key)

    def __str__(self) -> str:
        return self.message.text()


class SessionLocked(AgentError):
    """The agent session is locked (idle): the password unlocks it."""

    def __init__(self) -> None:
        super().__init__("agent.erreurs.verrouillee")
