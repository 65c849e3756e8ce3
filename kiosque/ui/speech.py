"""Reading aloud through Qt's text-to-speech (French voice), or saying plainly that this
terminal cannot speak. Tests plug a recording engine in."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QLocale, QObject, Signal

log = logging.getLogger(__name__)


class Voice(Protocol):
    def say(self, text: str) -> None: ...
    def stop(self) -> None: ...
    @property
    def available(self) -> bool: ...


class QtVoice(QObject):
    """QTextToSpeech with a French voice when the terminal has one (looked up on first use:
    loading the engine costs time and the kiosk must open fast).

    An engine starts in the application's default locale and lists only that locale's
    voices, so the French locale is chosen explicitly: a terminal whose system (or Qt
    default) language is not French still reads in French when it has a French voice."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine: Any = None
        self._looked_up = False

    def _lookup(self) -> None:
        if self._looked_up:
            return
        self._looked_up = True
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:  # PySide6-Addons not installed
            log.info("text-to-speech module not available")
            return
        for name in QTextToSpeech.availableEngines():
            if name == "mock":
                continue
            engine = QTextToSpeech(name, self)
            if engine.state() != QTextToSpeech.State.Error and _speak_french(engine):
                self._engine = engine
                log.info("reading aloud with %s, voice %s", name, engine.voice().name())
                return
            engine.deleteLater()
        log.info("no French voice on this terminal")

    @property
    def engine(self) -> Any:
        """The QTextToSpeech in use (None when the terminal has no French voice)."""
        self._lookup()
        return self._engine

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

    def prepare(self) -> None:
        """Look the voice up now: with some engines it takes seconds (speech-dispatcher
        lists every voice it has), better spent before a citizen taps « Écouter »."""
        _ = self.voice.available


def _speak_french(engine: Any) -> bool:
    """Set ``engine`` to a French locale (France first) and voice; False if it has none."""
    french = [
        locale
        for locale in engine.availableLocales()
        if locale.language() == QLocale.Language.French
    ]
    if not french:
        return False
    french.sort(key=lambda locale: locale.territory() != QLocale.Country.France)
    engine.setLocale(french[0])
    voices = engine.availableVoices()  # those of the engine's locale
    if not voices:
        return False
    engine.setVoice(voices[0])
    return bool(engine.voice().locale().language() == QLocale.Language.French)
