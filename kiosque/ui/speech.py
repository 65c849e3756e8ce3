"""Reading aloud through Qt's text-to-speech (French voice), or saying plainly that this
terminal cannot speak. Tests plug a recording engine in."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Voice(Protocol):
    def say(self, text: str) -> None: ...
    def stop(self) -> None: ...
    @property
    def available(self) -> bool: ...


class QtVoice(QObject):
    """QTextToSpeech with a French voice when the terminal has one (looked up on first use:
    loading the engine costs time and the kiosk must open fast)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine: Any = None
        self._looked_up = False

    def _lookup(self) -> None:
        if self._looked_up:
            return
        self._looked_up = True
        try:
            from PySide6.QtCore import QLocale
            from PySide6.QtTextToSpeech import QTextToSpeech

            engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
            if engines:
                engine = QTextToSpeech(engines[0], self)
                french = [
                    v
                    for v in engine.availableVoices()
                    if v.locale().language() == QLocale.Language.French
                ]
                if french:
                    engine.setVoice(french[0])
                    engine.setLocale(french[0].locale())
                    self._engine = engine
        except ImportError:  # PySide6-Addons not installed
            log.info("text-to-speech module not available")

    @property
    def available(self) -> bool:
        self._lookup()
        return self._engine is not None

    def say(self, text: str) -> None:
        self._lookup()
        if self._engine is not None:
            self._engine.say(text)

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()


class Speaker(QObject):
    """What the « Écouter » controls talk to; ``spoken`` tells what was (or would be) said."""

    spoken = Signal(str)
    unavailable = Signal()

    def __init__(self, voice: Voice | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.voice: Voice = voice if voice is not None else QtVoice(self)

    def say(self, text: str) -> None:
        self.spoken.emit(text)
        if not self.voice.available:
            self.unavailable.emit()
            return
        self.voice.stop()
        self.voice.say(text)

    def stop(self) -> None:
        self.voice.stop()
